"""Electronic originals (issue 27): PDF/A, the signatures' appearance, and the PAdES signatures
of issued documents, bound to the register."""

import warnings

# pyHanko imports cryptography's DSA names, which warn on import (DSA is deprecated); docgen
# never signs with DSA. Only that warning is silenced, and only while pyHanko is imported.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "DSA is deprecated", Warning)
    import pyhanko.sign  # noqa: F401
