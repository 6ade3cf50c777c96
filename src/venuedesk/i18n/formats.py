"""CLDR formatting with Babel for the venue's region: dates, amounts and month names per Swiss locale.

The language of the conversation picks the locale within the venue's region (`de` → `de_CH`, `en` → `en_CH`),
so amounts read `CHF 1'080.00` in both German and English, and a French conversation would get `fr_CH`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_month_names
from babel.numbers import format_currency, format_decimal

REGION = "CH"
CURRENCY = "CHF"
_AMOUNT = "#,##0.00"
_NBSP = "\u00a0"


@lru_cache(maxsize=32)
def locale_for(language: str, region: str = REGION) -> str:
    """The CLDR locale for a language in the venue's region (`de_CH`), or the bare language when CLDR lacks it."""
    for candidate in (f"{language}_{region}", language, "en_CH"):
        try:
            Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
        return candidate
    return "en"


def _decimal(amount: object) -> Decimal:
    return Decimal(str(amount))


def money(amount: object, language: str = "en") -> str:
    """An amount without currency, two decimals, Swiss grouping: `1'080.00` (for table cells headed CHF)."""
    return format_decimal(_decimal(amount), format=_AMOUNT, locale=locale_for(language))


def price(amount: object, language: str = "en", currency: str = CURRENCY) -> str:
    """An amount with its currency as CLDR writes it for the locale: `CHF 1'080.00` (`1'080.00 CHF` in fr_CH).

    The no-break space CLDR puts between currency and number becomes a plain space, so texts stay easy to
    type in tests, edits and searches.
    """
    text = format_currency(_decimal(amount), currency, locale=locale_for(language))
    return text.replace(_NBSP, " ").replace("\u202f", " ")


def long_date(day: date, language: str) -> str:
    """The full date: `Tuesday, 10 March 2026` / `Dienstag, 10. März 2026`."""
    return format_date(day, format="full", locale=locale_for(language))


def month_name(month: int, language: str) -> str:
    """The month's standalone name: `March` / `März`."""
    return str(get_month_names("wide", context="stand-alone", locale=locale_for(language))[month])
