"""Electronic originals (issue 27): PDF/A, the signatures' appearance, and the PAdES signatures
of issued documents, bound to the register."""

import logging
import warnings

from docgen.signing import lazy_http

# aiohttp only when a timestamp server or a fetch needs it (lazy_http)
lazy_http.install()
# pyHanko imports cryptography's DSA names, which warn on import (DSA is deprecated); docgen
# never signs with DSA. Only that warning is silenced, and only while pyHanko is imported.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "DSA is deprecated", Warning)
    import pyhanko.sign  # noqa: F401

# pyHanko logs what it finds (an untrusted chain, with its traceback) to stderr when nothing
# else takes its records; docgen reports every finding itself, in the clerk's words
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
