"""Security headers on every HTTP response (pages, static files, API JSON, errors): a Content-Security-Policy
without inline scripts or styles, no framing, no referrer (deep links carry tokens in their URL), nosniff,
a same-origin opener and no powerful browser features; HSTS only when the app is reached over https.

A header the route set itself wins (the /docs page sends its own policy, with its inline script's hash)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
HSTS = "max-age=31536000; includeSubDomains"
HEADERS: dict[str, str] = {
    "Content-Security-Policy": PAGE_CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}


class SecurityHeadersMiddleware:
    """ASGI middleware adding `HEADERS` (and HSTS over https or behind an https `public_url`) to every response
    start that does not already carry them."""

    def __init__(self, app: ASGIApp, *, public_url: str | None = None) -> None:
        self.app = app
        self.behind_https = bool(public_url and public_url.lower().startswith("https://"))
        self.headers = [(name.lower().encode(), value.encode()) for name, value in HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(self.headers)
        if self.behind_https or scope.get("scheme") == "https":
            extra.append((b"strict-transport-security", HSTS.encode()))

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": with_defaults(message.get("headers", []), extra)}
            await send(message)

        await self.app(scope, receive, sending)


def with_defaults(headers: Any, defaults: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """`headers` plus every default whose name they do not already have."""
    present = [(bytes(name), bytes(value)) for name, value in headers]
    names = {name.lower() for name, _ in present}
    return present + [(name, value) for name, value in defaults if name not in names]
