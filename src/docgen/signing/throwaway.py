"""A throwaway certificate authority for the tests and `make demo`: never for a real signature."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class Issued:
    """A key and its certificate, with the chain above it (intermediate first)."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    def pkcs12(self, password: bytes, name: str = "docgen") -> bytes:
        """The key, certificate and chain as a PKCS#12 file, as a CA hands them out."""
        return pkcs12.serialize_key_and_certificates(
            name.encode(),
            self.key,
            self.cert,
            list(self.chain) or None,
            serialization.BestAvailableEncryption(password),
        )

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str, organisation: str | None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def root_authority(name: str, now: dt.datetime | None = None) -> Issued:
    """A self-signed root, valid from a day ago for ten years."""
    now = now or dt.datetime.now(dt.UTC)
    key = _key()
    subject = _name(name, "docgen throwaway CA")
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, cert)


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _builder(
    parent: Issued, subject: x509.Name, key: rsa.RSAPrivateKey, crl_url: str | None = None
) -> x509.CertificateBuilder:
    """A certificate under ``parent``; ``crl_url``: where ``parent``'s revocation list is
    published (a CRL distribution point, which PAdES B-LT's validation data is fetched from)."""
    builder = x509.CertificateBuilder()
    if crl_url:
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return (
        builder.subject_name(subject)
        .issuer_name(parent.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(parent.key.public_key()),
            critical=False,
        )
    )


def intermediate_authority(
    parent: Issued, name: str, now: dt.datetime | None = None, *, crl_url: str | None = None
) -> Issued:
    """A CA under ``parent``, as a national CA's issuing authority sits under its root."""
    now = now or dt.datetime.now(dt.UTC)
    key = _key()
    cert = (
        _builder(parent, _name(name, "docgen throwaway CA"), key, crl_url)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .sign(parent.key, hashes.SHA256())
    )
    return Issued(key, cert, (parent.cert,))


def signing_certificate(
    parent: Issued,
    common_name: str,
    organisation: str | None = None,
    *,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    crl_url: str | None = None,
    timestamping: bool = False,
) -> Issued:
    """A person's (or an office's) signing certificate, valid a year from yesterday unless
    told otherwise (an expired one: ``not_after`` in the past); ``timestamping``: a timestamp
    authority's instead (RFC 3161 §2.3: its only extended key usage, critical)."""
    now = dt.datetime.now(dt.UTC)
    key = _key()
    usage = (
        ExtendedKeyUsageOID.TIME_STAMPING if timestamping else ExtendedKeyUsageOID.EMAIL_PROTECTION
    )
    cert = (
        _builder(parent, _name(common_name, organisation), key, crl_url)
        .not_valid_before(not_before or now - dt.timedelta(days=1))
        .not_valid_after(not_after or now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=timestamping)
        .sign(parent.key, hashes.SHA256())
    )
    return Issued(key, cert, (parent.cert, *parent.chain))


@dataclass(frozen=True)
class DemoKeys:
    """What ``write_demo_keys`` wrote."""

    signer: Path  # signer.p12
    office: Path  # office.p12
    root: Path  # root.pem: the trust root to verify with


def write_demo_keys(folder: Path, signer_name: str, office_name: str, password: bytes) -> DemoKeys:
    """A root, an intermediate, and the signer's and the office's PKCS#12 files in ``folder``
    (``make demo``): throwaway keys made on the spot, never a real key, never committed."""
    folder.mkdir(parents=True, exist_ok=True)
    root = root_authority("docgen demo root")
    middle = intermediate_authority(root, "docgen demo issuing CA")
    signer = signing_certificate(middle, signer_name, office_name)
    office = signing_certificate(middle, office_name, office_name)
    keys = DemoKeys(folder / "signer.p12", folder / "office.p12", folder / "root.pem")
    keys.signer.write_bytes(signer.pkcs12(password, signer_name))
    keys.office.write_bytes(office.pkcs12(password, office_name))
    keys.root.write_bytes(root.pem())
    return keys
