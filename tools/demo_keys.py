"""Throwaway signing keys for `make demo` (issue 27): a demo root and intermediate CA, the
signer's and the office's PKCS#12 files, all made on the spot into output/demo-keys/ (ignored
by git), and throwaway seal and signature images in the workspace's .docgen/esign/ (ignored by
git). Never a real key or seal: anyone can read the demo password below.

    python tools/demo_keys.py [SPEC] [--out output/demo-keys]

The signer's certificate names the signer of SPEC (data/documents/SPEC.yaml), and the office's
certificate names its issuer, as `docgen sign` requires.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from docgen.signing.demo_images import write_demo_images
from docgen.signing.images import images_folder
from docgen.signing.throwaway import write_demo_keys

ROOT = Path(__file__).resolve().parent.parent
# the demo keys' password (`make demo` passes it to docgen sign --password-stdin)
DEMO_PASSWORD = "demo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", nargs="?", default="ke-hoach-1247-phat-dong")
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "demo-keys")
    args = parser.parse_args()
    spec = yaml.safe_load((ROOT / "data" / "documents" / f"{args.spec}.yaml").read_text("utf-8"))
    issuers = yaml.safe_load((ROOT / "data" / "issuers.yaml").read_text("utf-8"))
    issuer = issuers[spec["issuer"]]
    signer = issuer["signers"][spec["signature"]["signer"]]["name"]
    keys = write_demo_keys(args.out, signer, issuer["name"], DEMO_PASSWORD.encode())
    # a throwaway seal ("DEMO") and signatures, where docgen sign finds an office's images
    images = images_folder(ROOT)
    write_demo_images(images, spec["issuer"], issuer["name"], list(issuer["signers"]))
    print(f"demo seal and signature images (throwaway): {images / spec['issuer']}")
    print(f"demo keys (password {DEMO_PASSWORD!r}, throwaway): {keys.signer}, {keys.office}")
    print(f"demo trust root: {keys.root}")


if __name__ == "__main__":
    main()
