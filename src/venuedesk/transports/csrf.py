"""CSRF protection for the requests a cookie authenticates (the ChatKit client-token cookie).

A browser attaches cookies to a cross-site POST too, so an unsafe request (POST, PUT, PATCH, DELETE) that carries
one of `PROTECTED_COOKIES` and no `Authorization: Bearer` header must prove it comes from this site: a double-submit token
(the `X-Venuedesk-CSRF` header equal to the `venuedesk_csrf` cookie), else the browser's `Sec-Fetch-Site`
(`same-origin` or `none`), else an `Origin` (or, without one, a `Referer`) naming the served origin (the request's
own scheme and Host, or `VENUEDESK_PUBLIC_URL`). Anything else gets 403 with the reason.

Requests authenticated by `Authorization: Bearer` (the REST API, the manager console, ChatKit clients that send
the token) are not CSRF-prone: a browser never adds that header by itself, and a cross-site page cannot set it
without a CORS preflight this app does not grant. So they pass untouched.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_COOKIE = "venuedesk_csrf"
CSRF_HEADER = "X-Venuedesk-CSRF"
PROTECTED_COOKIES = frozenset({"venuedesk_chatkit_token"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
TRUSTED_FETCH_SITES = frozenset({"same-origin", "none"})


def new_csrf_token() -> str:
    """A fresh double-submit token for the `venuedesk_csrf` cookie."""
    return secrets.token_urlsafe(24)


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of a URL, lower-cased; None for "null" or anything without a scheme and host."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def refusal(scope: Scope, allowed_origins: frozenset[str]) -> str | None:
    """Why this request may not proceed as a cross-site forgery, or None when it may."""
    if scope.get("method", "GET").upper() in SAFE_METHODS:
        return None
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return None
    cookies = _cookies(headers.get("cookie", ""))
    if not PROTECTED_COOKIES & cookies.keys():
        return None
    expected = cookies.get(CSRF_COOKIE, "")
    sent = headers.get(CSRF_HEADER.lower(), "")
    if expected and sent and secrets.compare_digest(expected.encode(), sent.encode()):
        return None
    site = headers.get("sec-fetch-site")
    if site is not None:
        return None if site in TRUSTED_FETCH_SITES else f"the browser says this request is {site}"
    served = allowed_origins | {f"{scope.get('scheme', 'http')}://{headers.get('host', '')}".lower()}
    claimed = headers.get("origin") or headers.get("referer")
    if claimed is None:
        return "it names no Origin or Referer"
    origin = origin_of(claimed)
    if origin not in served:
        return f"it comes from {origin or 'an opaque origin'}, not from this site"
    return None


class CsrfMiddleware:
    """Refuses (403) unsafe cookie-authenticated requests that do not prove they come from this site."""

    def __init__(self, app: ASGIApp, *, public_url: str | None = None) -> None:
        self.app = app
        origin = origin_of(public_url) if public_url else None
        self.allowed_origins = frozenset({origin} if origin else set())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        reason = refusal(scope, self.allowed_origins) if scope["type"] == "http" else None
        if reason is None:
            await self.app(scope, receive, send)
            return
        message = (f"cross-site request refused: this request is authenticated by a cookie and {reason}; send it "
                   f"from this site's pages, with the {CSRF_HEADER} header equal to the {CSRF_COOKIE} cookie, or "
                   "with the token as Authorization: Bearer")
        body = json.dumps({"error": {"code": "csrf_refused", "message": message}}).encode()
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _cookies(header: str) -> dict[str, str]:
    """The request's cookies by name, split as browsers send them (`a=1; b=2`), the first of a name winning."""
    found: dict[str, str] = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        found.setdefault(name.strip(), value.strip().strip('"'))
    return found
