"""The manager's language for manager endpoints: the best catalogue language in `Accept-Language`, else English."""

from __future__ import annotations

from typing import Annotated

from babel import negotiate_locale
from fastapi import Depends, Request

from venuedesk.i18n import languages

DEFAULT_LANGUAGE = "en"


def _ranked(header: str) -> list[str]:
    """The header's language tags, most wanted first (q=0 dropped, malformed weights count as 0)."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and quality > 0:
            weighted.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(header: str | None) -> str:
    """The catalogue language that best fits an `Accept-Language` header; English when none fits or it is absent."""
    if not header:
        return DEFAULT_LANGUAGE
    return negotiate_locale(_ranked(header), list(languages()), sep="-") or DEFAULT_LANGUAGE


async def manager_language(request: Request) -> str:
    """The language the console asked for on this request (its `Accept-Language`); async, so FastAPI runs it on
    the event loop instead of hopping to its thread pool."""
    return negotiate(request.headers.get("accept-language"))


ManagerLanguage = Annotated[str, Depends(manager_language)]
