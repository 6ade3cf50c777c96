"""Client-facing phrases: a thin front to the gettext catalogue (`venuedesk/locale/<lang>/LC_MESSAGES/*.po`).

`say(key, language, **values)` keeps its signature; the message ids are the keys. To add a phrase, add the key
to every language's `.po` file (docs/i18n.md). A branch that still adds phrases the old way may put them in
`_TEXTS` below (`{key: {"en": ..., "de": ...}}`): `say` uses them for keys the `.po` files do not have yet, and
`python -m venuedesk.workflow.texts` moves them into the `.po` files (tests fail while a key is in both places).
"""

from __future__ import annotations

import sys
from datetime import date

from venuedesk import i18n
from venuedesk.i18n.absorb import absorb

# Keys not yet moved into the .po files (see the module docstring); empty on main.
_TEXTS: dict[str, dict[str, str]] = {}


def say(key: str, language: str, **values: object) -> str:
    """The phrase `key` in the client's language, filled with `values`."""
    if key in _TEXTS:
        template = _TEXTS[key].get(language) or _TEXTS[key]["en"]
        return template.format(**values)
    return i18n.say(key, language, **values)


def say_n(key: str, count: int, language: str, **values: object) -> str:
    """The plural form of phrase `key` that fits `count` (gettext plural rules of the language)."""
    return i18n.say_n(key, count, language, **values)


def next_text(key: str, language: str) -> str:
    """The footer's `Next:` words for `key` in the client's language."""
    return say(f"next.{key}", language)


def month_name(month: int, language: str) -> str:
    """The month's name (CLDR): `March` / `März`."""
    return i18n.month_name(month, language)


def weekday_name(weekday: int, language: str, count: int = 1) -> str:
    """The weekday's name, singular or plural by `count`: `Tuesday`, `Tuesdays` / `Dienstag`, `Dienstage`."""
    return i18n.CATALOGUE.ngettext(f"weekday.{weekday}", count, language)


def long_date(day: date, language: str) -> str:
    """`Tuesday, 10 March 2026` / `Dienstag, 10. März 2026` (CLDR full date of the Swiss locale)."""
    return i18n.long_date(day, language)


def money(amount: object, language: str = "en") -> str:
    """An amount for a column headed CHF, Swiss grouping: `2'090.00`."""
    return i18n.money(amount, language)


def price(amount: object, language: str = "en") -> str:
    """An amount with its currency for running text: `CHF 2'090.00`."""
    return i18n.price(amount, language)


def main() -> int:
    """Move the keys of `_TEXTS` into every language's `.po` file and say which moved."""
    added = absorb(_TEXTS)
    print(f"moved {len(added)} key(s) into the .po files: {', '.join(added) or '-'}; now empty texts._TEXTS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
