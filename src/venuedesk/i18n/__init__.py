"""Client-facing language: the gettext message catalogue (`.po` per language) and CLDR formats (Babel).

`say(key, language, **values)` is the one call for a client-facing sentence; `money`/`price`/`long_date`
format numbers and dates for the venue's Swiss locale. See docs/i18n.md for adding a message or a language.
"""

from __future__ import annotations

from venuedesk.domain.calendar import ClosedReason, holiday_names
from venuedesk.i18n.catalogue import CATALOGUE, Catalogue
from venuedesk.i18n.formats import locale_for, long_date, money, month_name, price


def say(key: str, language: str, **values: object) -> str:
    """The message `key` in `language`, its `{placeholders}` filled from `values`."""
    return CATALOGUE.say(key, language, **values)


def say_n(key: str, count: int, language: str, **values: object) -> str:
    """The plural form of message `key` that fits `count` in `language` (gettext plural rules)."""
    return CATALOGUE.say_n(key, count, language, **values)


def layout_name(layout: str, language: str) -> str:
    """The layout's name in `language` (`U-shape` / `U-Form`); a layout the catalogue does not name as its words."""
    try:
        return say(f"layout.{layout}", language)
    except KeyError:
        return layout.replace("_", "-")


def closed_label(reason: ClosedReason, language: str) -> str:
    """Why the venue is closed, for the client: "Good Friday", "Christmas Eve (closed)" / "Heiligabend
    (geschlossen)"."""
    if reason.kind == "holiday":
        translated = holiday_names(reason.country, reason.subdivision, reason.day.year, language).get(reason.day) \
            if reason.country else None
        return translated or (reason.name_de if language == "de" and reason.name_de else reason.name)
    key = f"blackout.{reason.day.month:02d}-{reason.day.day:02d}"
    name = CATALOGUE.gettext(key if CATALOGUE.has_message(key) else "blackout.other", language)
    return say("closed.blackout", language, name=name)


def languages() -> tuple[str, ...]:
    """The languages the catalogue has a `.po` file for, English first."""
    return CATALOGUE.languages()


__all__ = ["CATALOGUE", "Catalogue", "closed_label", "languages", "locale_for", "long_date", "money", "month_name", "price", "say",
           "say_n"]
