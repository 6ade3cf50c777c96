"""Serve the static web pages: `/` (client chat), `/manager` (console), `/manager/calendar` (its calendar view),
`/manager/accounts` (the owners' accounts page) and `/static/<file>` from package data.

The pages are plain HTML, CSS and ES modules; they talk to the JSON API only. The app's security headers
(transports/security_headers.py) give every response a strict Content-Security-Policy (no inline scripts or styles,
same-origin only), so nothing but our own files run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from venuedesk import i18n

STATIC_DIR = Path(__file__).parent / "static"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(html|css|js|svg)$")
_TYPES = {
    "html": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "svg": "image/svg+xml",
}


def _file(name: str, *, cache: str) -> Response:
    match = _NAME.match(name)
    path = STATIC_DIR / name
    if match is None or not path.is_file():
        raise HTTPException(status_code=404, detail=f"no static file {name!r}")
    headers = {"Cache-Control": cache}
    return Response(path.read_bytes(), media_type=_TYPES[match.group(1)], headers=headers)


_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
UI_PREFIX = "ui."


def ui_strings(language: str) -> dict[str, str]:
    """The client page's own words in `language` (the catalogue's `ui.*` messages, prefix dropped)."""
    english = i18n.CATALOGUE.messages("en")
    return {key[len(UI_PREFIX):]: i18n.CATALOGUE.gettext(key, language) for key in english
            if key.startswith(UI_PREFIX) and isinstance(english[key], str)}


def ui_payload(language: str, venue_name: str) -> dict[str, Any]:
    """What the client page needs to speak `language`: its words, the CLDR locale and the venue's name.

    A language without a catalogue is served in English and says so in `language`.
    """
    served = language if i18n.CATALOGUE.has_language(language) else "en"
    english = i18n.CATALOGUE.messages("en")
    next_words = {key[len("next."):]: i18n.CATALOGUE.gettext(key, served) for key in english if key.startswith("next.")}
    return {"language": served, "locale": i18n.locale_for(served), "venue": venue_name,
            "languages": list(i18n.languages()), "strings": ui_strings(served), "next": next_words}


def build_web_router() -> APIRouter:
    """The router the API app mounts: the pages and their static files."""
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def client_page() -> Response:
        return _file("index.html", cache="no-cache")

    @router.get("/manager")
    def manager_page() -> Response:
        return _file("manager.html", cache="no-cache")

    @router.get("/manager/calendar")
    def calendar_page() -> Response:
        return _file("calendar.html", cache="no-cache")

    @router.get("/manager/accounts")
    def accounts_page() -> Response:
        return _file("accounts.html", cache="no-cache")

    @router.get("/i18n/{language}.json")
    def page_words(request: Request, language: str) -> Response:
        if not _LANGUAGE.match(language):
            raise HTTPException(status_code=404, detail=f"no language {language!r}; use a code such as en or de")
        desk = getattr(request.app.state, "desk", None)
        venue = desk.venue.name if desk is not None else ""
        headers = {"Cache-Control": "no-cache", "Content-Language": language}
        return JSONResponse(ui_payload(language, venue), headers=headers)

    @router.get("/static/{name}")
    def static_file(name: str) -> Response:
        return _file(name, cache="no-cache")

    return router
