"""--token LIBRARY:LABEL[:KEY] read whole: the module's name ends the library, so a Windows path
or a key label holding ':' is not cut (before: split at the last colons, 'C:\\…\\x.dll:L' gave
the library 'C')."""

from __future__ import annotations

import pytest

from docgen.errors import SigningError
from docgen.signing.keys import Token

SO = "/usr/lib/softhsm/libsofthsm2.so"


@pytest.mark.parametrize(
    ("given", "wanted"),
    [
        (f"{SO}:HVCTQG", Token(SO, "HVCTQG")),
        (f"{SO}:HVCTQG:signer", Token(SO, "HVCTQG", "signer")),
        (f"{SO}:HVCTQG:key:2024", Token(SO, "HVCTQG", "key:2024")),
        ("/usr/lib/libvnpt.so.1:VNPT-CA:Ký số", Token("/usr/lib/libvnpt.so.1", "VNPT-CA", "Ký số")),
        (
            r"C:\Windows\System32\viettel-ca_v5.dll:Viettel-CA",
            Token(r"C:\Windows\System32\viettel-ca_v5.dll", "Viettel-CA"),
        ),
        ("/opt/bkav/pkcs11:BKAV:k", Token("/opt/bkav/pkcs11", "BKAV", "k")),
    ],
)
def test_token_spec_is_read(given: str, wanted: Token) -> None:
    assert Token.parse(given) == wanted


@pytest.mark.parametrize("given", [SO, f"{SO}:", f":{SO}", ""])
def test_a_token_spec_without_label_is_refused(given: str) -> None:
    with pytest.raises(SigningError, match="give LIBRARY:LABEL or LIBRARY:LABEL:KEY"):
        Token.parse(given)
