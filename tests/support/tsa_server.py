"""A local RFC 3161 timestamp server for the tests: a real HTTP server in a thread on 127.0.0.1,
answering timestamp queries with tokens signed by a throwaway TSA certificate, and publishing
the throwaway CA's revocation lists (CRLs) where its certificates' distribution points say.

    with TimestampServer() as server:      # server.url: http://127.0.0.1:PORT/
        server.serve(tsa, {"root": root, "middle": middle})

Paths: POST /            a timestamp token (application/timestamp-reply)
       POST /garbage     200, the right content type, bytes that are no timestamp reply
       POST /html        200, an HTML page (a proxy's or a portal's page in the way)
       POST /error       500 Internal Server Error
       POST /refuse      a TimeStampResp whose status is 'rejection'
       POST /slow        the token, after `slow_seconds`
       GET  /crl/NAME.crl  the CRL of the authority NAME, fresh, revoking `revoked`
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from docgen.signing.throwaway import Issued


class TimestampServer:
    """The server, started by ``with``; what it is asked is counted in ``requests``."""

    def __init__(self, slow_seconds: float = 3.0) -> None:
        self.slow_seconds = slow_seconds
        self.requests: list[str] = []  # "POST /", "GET /crl/root.crl", …
        self.revoked: set[int] = set()  # serial numbers the CRLs list as revoked
        self._stamper: Any = None
        self._authorities: dict[str, Issued] = {}
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}/"

    def crl_url(self, authority: str) -> str:
        """Where the CRL of ``authority`` (a name given to ``serve``) is published."""
        return f"{self.url}crl/{authority}.crl"

    def serve(self, tsa: Issued, authorities: dict[str, Issued]) -> None:
        """Sign timestamps with ``tsa`` and publish the CRLs of ``authorities`` (made after the
        server started, since their certificates name its address)."""
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign.timestamps import DummyTimeStamper

        der = serialization.Encoding.DER
        key = tsa.key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        self._stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(tsa.cert.public_bytes(der)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(key),
            certs_to_embed=[asn1_x509.Certificate.load(c.public_bytes(der)) for c in tsa.chain],
        )
        self._authorities = dict(authorities)

    def reply(self, query: bytes) -> bytes:
        from asn1crypto import tsp

        assert self._stamper is not None, "serve() first"
        response = self._stamper.request_tsa_response(tsp.TimeStampReq.load(query))
        return bytes(response.dump())

    def refusal(self) -> bytes:
        from asn1crypto import tsp

        status = tsp.PKIStatusInfo({"status": "rejection", "status_string": ["policy"]})
        # TimeStampResp with its status only (asn1crypto's class insists on a token)
        body = status.dump()
        return b"\x30" + bytes([len(body)]) + body

    def crl(self, name: str) -> bytes | None:
        authority = self._authorities.get(name)
        if authority is None:
            return None
        now = dt.datetime.now(dt.UTC)
        builder = x509.CertificateRevocationListBuilder()
        for serial in sorted(self.revoked):
            revoked = x509.RevokedCertificateBuilder().serial_number(serial)
            builder = builder.add_revoked_certificate(
                revoked.revocation_date(now - dt.timedelta(days=1)).build()
            )
        made = (
            builder.issuer_name(authority.cert.subject)
            .last_update(now - dt.timedelta(minutes=5))
            .next_update(now + dt.timedelta(days=1))
            .add_extension(x509.CRLNumber(int(time.time())), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
                critical=False,
            )
            .sign(authority.key, hashes.SHA256())
        )
        return made.public_bytes(serialization.Encoding.DER)

    def __enter__(self) -> TimestampServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)


def _handler(server: TimestampServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet in the tests
            pass

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # /slow: the client may have given up
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def do_POST(self) -> None:
            server.requests.append(f"POST {self.path}")
            query = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            reply = "application/timestamp-reply"
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self._send(400, "text/plain", b"not a timestamp query")
            elif self.path == "/":
                self._send(200, reply, server.reply(query))
            elif self.path == "/slow":
                time.sleep(server.slow_seconds)
                self._send(200, reply, server.reply(query))
            elif self.path == "/garbage":
                self._send(200, reply, b"\x30\x03this is not a timestamp reply")
            elif self.path == "/html":
                self._send(200, "text/html", b"<html><body>Welcome to the network</body></html>")
            elif self.path == "/refuse":
                self._send(200, reply, server.refusal())
            elif self.path == "/error":
                self._send(500, "text/plain", b"Internal Server Error")
            else:
                self._send(404, "text/plain", b"Not Found")

        def do_GET(self) -> None:
            server.requests.append(f"GET {self.path}")
            name = self.path.removeprefix("/crl/").removesuffix(".crl")
            crl = server.crl(name) if self.path.startswith("/crl/") else None
            if crl is None:
                self._send(404, "text/plain", b"Not Found")
            else:
                self._send(200, "application/pkix-crl", crl)

    return Handler
