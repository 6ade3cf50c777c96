"""Month, weekday and season words in English and German, with regex fragments built from them."""

from __future__ import annotations

import re
from collections.abc import Iterable

MONTHS: dict[str, int] = {
    "january": 1,
    "januar": 1,
    "jänner": 1,
    "jan": 1,
    "february": 2,
    "februar": 2,
    "feber": 2,
    "feb": 2,
    "march": 3,
    "märz": 3,
    "maerz": 3,
    "mär": 3,
    "mrz": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "mai": 5,
    "june": 6,
    "juni": 6,
    "jun": 6,
    "july": 7,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oktober": 10,
    "oct": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dezember": 12,
    "dec": 12,
    "dez": 12,
}
# Month words that are also ordinary words or short forms: they count only next to a day, year or preposition.
WEAK_MONTHS = frozenset(
    {
        "may",
        "march",
        "mar",
        "jan",
        "feb",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "okt",
        "nov",
        "dec",
        "dez",
        "mär",
        "mrz",
    }
)

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "montag": 0,
    "tuesday": 1,
    "dienstag": 1,
    "wednesday": 2,
    "mittwoch": 2,
    "thursday": 3,
    "donnerstag": 3,
    "friday": 4,
    "freitag": 4,
    "saturday": 5,
    "samstag": 5,
    "sonnabend": 5,
    "sunday": 6,
    "sonntag": 6,
}
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
# Plural and adverbial forms ("Saturdays", "Samstage", "freitags") name a weekday as a pattern.
WEEKDAY_PLURALS: dict[str, int] = {}
for _word, _day in WEEKDAYS.items():
    if _word.endswith("day"):
        WEEKDAY_PLURALS[_word + "s"] = _day
    else:
        WEEKDAY_PLURALS[_word + "e"] = _day
        WEEKDAY_PLURALS[_word + "s"] = _day
WEEKDAY_PLURALS["mittwoche"] = 2
WEEKDAY_PLURALS["mittwochs"] = 2

SEASONS: dict[str, str] = {
    "spring": "spring",
    "frühling": "spring",
    "frühjahr": "spring",
    "fruehling": "spring",
    "summer": "summer",
    "sommer": "summer",
    "autumn": "autumn",
    "fall": "autumn",
    "herbst": "autumn",
    "winter": "winter",
}
SEASON_MONTHS: dict[str, tuple[int, ...]] = {
    "spring": (3, 4, 5),
    "summer": (6, 7, 8),
    "autumn": (9, 10, 11),
    "winter": (12, 1, 2),
}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first so "sept" wins over "sep"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


MONTH = rf"(?:{alternation(MONTHS)})(?![^\W\d_])\.?"
WEEKDAY = rf"(?:{alternation(list(WEEKDAYS) + list(WEEKDAY_ABBREVIATIONS))})(?![^\W\d_])\.?"
WEEKDAY_FULL = rf"(?:{alternation(WEEKDAYS)})(?![^\W\d_])"
ORDINAL = r"(?:st|nd|rd|th|\.)"


def month_number(word: str) -> int:
    """The month (1-12) of a month word, with any trailing dot."""
    return MONTHS[word.rstrip(".").strip()]


def weekday_number(word: str) -> int:
    """The weekday (0 = Monday) of a weekday word or abbreviation."""
    key = word.rstrip(".").strip().rstrip(",")
    return WEEKDAYS.get(key, WEEKDAY_ABBREVIATIONS.get(key, 0))
