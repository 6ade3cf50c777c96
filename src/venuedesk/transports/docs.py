"""The API documentation page /docs (Swagger UI), working offline: its script and stylesheet come from the
`fastapi-offline` package (served under /docs-static), never from a CDN, and every docs response carries a
Content-Security-Policy that allows only this origin plus the page's own inline start-up script (by hash,
computed from the page actually served).

There is no /redoc: the ReDoc bundle always loads its logo from Redocly's CDN, so it cannot work offline."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI

log = logging.getLogger("venuedesk.api")
DOCS_URL, DOCS_STATIC_URL = "/docs", "/docs-static"
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}  # no badge fetched from the online validator
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_PAGES = (DOCS_URL,)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def docs_app(**kwargs: Any) -> FastAPI:
    """A FastAPI app whose /docs loads its assets from the package (fastapi-offline); no /redoc."""
    try:
        from fastapi_offline import FastAPIOffline
    except ModuleNotFoundError:
        log.warning("the API docs page needs fastapi-offline (pip install 'venuedesk[server]'); serving "
                    "/openapi.json without /docs")
        return FastAPI(docs_url=None, redoc_url=None, **kwargs)
    kwargs.setdefault("swagger_ui_parameters", SWAGGER_UI_PARAMETERS)
    app = FastAPIOffline(docs_url=DOCS_URL, redoc_url=None, static_url=DOCS_STATIC_URL, **kwargs)
    app.add_middleware(DocsSecurityHeaders)
    return app


def docs_csp(inline_scripts: list[bytes]) -> str:
    """The docs page's policy: same origin only; inline scripts only the page's own (by SHA-256 hash)."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
                      for body in inline_scripts)
    return (f"default-src 'none'; script-src 'self' {hashes}".rstrip() + "; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class DocsSecurityHeaders:
    """ASGI middleware: a CSP (with the hashes of the inline scripts served) and nosniff on the docs page and its
    assets; every other path passes through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path in _PAGES:
            await self._page(scope, receive, send)
        elif path.startswith(DOCS_STATIC_URL + "/"):
            await self.app(scope, receive, _with_headers(send, {b"x-content-type-options": b"nosniff"}))
        else:
            await self.app(scope, receive, send)

    async def _page(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Buffer the (small) HTML page, then send it with a CSP naming its inline scripts."""
        start: Message | None = None
        body = bytearray()

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            csp = docs_csp(_INLINE_SCRIPT.findall(bytes(body))).encode()
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-security-policy"]
            headers += [(b"content-security-policy", csp), (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"no-referrer")]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": bytes(body), "more_body": False})

        await self.app(scope, receive, buffer)


def _with_headers(send: Send, extra: dict[bytes, bytes]) -> Send:
    """`send` with `extra` headers added to the response start."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra.items()]}
        await send(message)

    return sending
