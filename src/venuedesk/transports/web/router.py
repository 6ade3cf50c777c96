"""Serve the static web pages: `/` (client chat), `/manager` (console) and `/static/<file>` from package data.

The pages are plain HTML, CSS and ES modules; they talk to the JSON API only. Every response carries a strict
Content-Security-Policy (no inline scripts or styles, same-origin only), so nothing but our own files run.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

STATIC_DIR = Path(__file__).parent / "static"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(html|css|js|svg)$")
_TYPES = {
    "html": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "svg": "image/svg+xml",
}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _file(name: str, *, cache: str) -> Response:
    match = _NAME.match(name)
    path = STATIC_DIR / name
    if match is None or not path.is_file():
        raise HTTPException(status_code=404, detail=f"no static file {name!r}")
    headers = {**SECURITY_HEADERS, "Cache-Control": cache}
    return Response(path.read_bytes(), media_type=_TYPES[match.group(1)], headers=headers)


def build_web_router() -> APIRouter:
    """The router the API app mounts: two pages and their static files."""
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def client_page() -> Response:
        return _file("index.html", cache="no-cache")

    @router.get("/manager")
    def manager_page() -> Response:
        return _file("manager.html", cache="no-cache")

    @router.get("/static/{name}")
    def static_file(name: str) -> Response:
        return _file(name, cache="no-cache")

    return router
