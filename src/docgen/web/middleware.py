"""The app's own middleware: security headers on every response, a limit on request bodies, the
signed-in user as the actor of every register act a request does."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from docgen.web.errors import WebError


class BodyTooLarge(WebError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"Tệp tải lên quá lớn: tối đa {limit // (1024 * 1024)} MB.",
            code="WEB-UPLOAD-SIZE",
            status=413,
        )


SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
        b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
]


class GuardMiddleware:
    """Every response gets the security headers; a request body over the limit is refused
    (413) before it fills memory or disk, whether it announces its length or not."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            body = BodyTooLarge(self.limit).format().encode("utf-8")
            await send(
                {
                    "type": "http.response.start",
                    "status": 413,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"connection", b"close"),
                        *SECURITY_HEADERS,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, limited_receive, secured_send)


class ActorMiddleware:
    """Every request of a signed-in user runs inside ``acting_as("web:<user>")``: what it does
    to the register (a void, a build, certificates, an import) is logged as that user's, also
    in the build it starts in the background (the job's thread copies the request's context)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "app" not in scope:
            await self.app(scope, receive, send)
            return
        from starlette.requests import Request

        from docgen.register.audit import acting_as
        from docgen.web.auth import current_user

        try:
            user = current_user(Request(scope))
        except Exception:  # an unreadable users file: the view says so, on its error page
            user = None
        if user is None:
            await self.app(scope, receive, send)
            return
        with acting_as(f"web:{user.name}"):
            await self.app(scope, receive, send)


class AllowedHostsMiddleware:
    """Only the names the server is known by are answered: a request whose Host header names
    anything else (a page elsewhere that renames itself as this server, DNS rebinding) gets
    400, in Vietnamese. The port of a Host header is not part of the name."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.allowed = {host_name(h) for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if host in self.allowed:
            await self.app(scope, receive, send)
            return
        body = (
            "Máy chủ docgen không trả lời tên này. Hãy mở trang bằng tên hoặc địa chỉ mà "
            "người quản trị đã cho phép (docgen serve --allowed-host)."
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS],
            }
        )
        await send({"type": "http.response.body", "body": body})


def host_name(value: str) -> str:
    """The name of a Host header or an allowed host, without its port: lower case, an IPv6
    address in brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    if value.count(":") > 1:  # a bare IPv6 address given as an allowed host
        return f"[{value}]"
    return value.split(":", 1)[0]
