"""Vague date wishes that name no single day: months, weekdays, seasons and a year."""

from __future__ import annotations

import re
from datetime import date

from venuedesk.understanding.calendar_words import (
    MONTHS,
    SEASON_MONTHS,
    SEASONS,
    WEAK_MONTHS,
    WEEKDAY_PLURALS,
    WEEKDAYS,
    alternation,
)
from venuedesk.understanding.model import VagueDates

_MONTH_WORD = re.compile(
    rf"(?<![\w])(?P<m>{alternation(MONTHS)})(?![^\W\d_])\.?(?P<tail>\s*,?\s*\d{{4}}(?!\d))?"
)
_WEAK_CONTEXT = re.compile(
    r"(?:\b(?:in|im|during|early|mid|late|of|or|oder|and|und|anfang|mitte|ende|end|beginning|until|bis|from|"
    r"ab|before|vor|after|nach|sometime|either)\s*|[,/]\s*)$"
)
_WEAK_FOLLOWED = re.compile(
    rf"\s+(?:(?:next|this)\s+year|(?:nächste[sn]?|naechste[sn]?|dieses)\s+jahr|(?:{alternation(WEEKDAY_PLURALS)})\b)"
)
# A weekday alone, as a pattern, or in a German compound with a part of the day ("Samstagnachmittag",
# "donnerstagabends"): the part of the day is the time pass's window.
_WEEKDAY_WORD = re.compile(
    rf"(?<![\w])(?P<wd>{alternation(list(WEEKDAYS) + list(WEEKDAY_PLURALS))})"
    r"(?:(?:morgen|vormittag|mittag|nachmittag|abend|nacht)s?)?(?![^\W\d_])"
)
_SEASON_WORD = re.compile(rf"(?<![\w])(?P<s>{alternation(SEASONS)})(?![^\W\d_])(?P<tail>\s*\d{{4}}(?!\d))?")
_FALL_CONTEXT = re.compile(r"\b(?:in|the|this|next|during|early|late|im|or)\s+$")
_WEEKEND = re.compile(r"\b(?:weekends?|wochenenden?)\b")
_WORKDAYS = re.compile(r"\b(?:weekdays?|workdays?|werktags?|wochentags?|unter\s+der\s+woche)\b")
_NEXT_YEAR = re.compile(r"\b(?:next\s+year|nächste[sn]?\s+jahr(?:es)?|naechste[sn]?\s+jahr(?:es)?)\b")
_THIS_YEAR = re.compile(r"\b(?:this\s+year|dieses\s+jahr|diesem\s+jahr)\b")
_LONE_YEAR = re.compile(r"\b(?:in|im(?:\s+jahr)?|during)\s+(?P<y>20\d\d)\b")
_NEXT_MONTH = re.compile(r"\b(?:next|nächste[nm]?|naechste[nm]?|kommende[nm]?)\s+(?:month|monat)\b")


def _add(items: list[int], value: int) -> None:
    """Append a value once, keeping the client's order."""
    if value not in items:
        items.append(value)


def _weak_month_in_context(text: str, match: re.Match[str]) -> bool:
    """A weak month word ("may", "march", "Okt") counts after a preposition or before a year/weekday."""
    before = text[max(0, match.start() - 12) : match.start()]
    return bool(_WEAK_CONTEXT.search(before) or _WEAK_FOLLOWED.match(text, match.end()))


def _months(text: str) -> tuple[list[int], int | None]:
    """Month words (weak ones only in a date context) and a year written right after one."""
    months: list[int] = []
    year: int | None = None
    for match in _MONTH_WORD.finditer(text):
        word = match.group("m")
        tail = match.group("tail")
        if word in WEAK_MONTHS and not tail and not _weak_month_in_context(text, match):
            continue
        _add(months, MONTHS[word])
        if tail:
            year = int(tail.strip(" ,"))
    return months, year


def _weekdays(text: str) -> list[int]:
    """Weekdays named singly or as a pattern ("Saturdays", "freitags", "weekend")."""
    days: list[int] = []
    for match in _WEEKDAY_WORD.finditer(text):
        word = match.group("wd")
        _add(days, WEEKDAYS.get(word, WEEKDAY_PLURALS.get(word, 0)))
    if _WEEKEND.search(text):
        _add(days, 5)
        _add(days, 6)
    if _WORKDAYS.search(text):
        for day in range(5):
            _add(days, day)
    return days


def _season(text: str) -> tuple[str | None, int | None]:
    """The first season named ("fall" only as a noun), and a year written after it."""
    for match in _SEASON_WORD.finditer(text):
        word = match.group("s")
        if word == "fall" and not _FALL_CONTEXT.search(text[max(0, match.start() - 10) : match.start()]):
            continue
        tail = match.group("tail")
        return SEASONS[word], int(tail) if tail else None
    return None, None


def find_vague(text: str, today: date) -> VagueDates | None:
    """The vague date wish in the (masked) normalised text, or None when there is none."""
    months, year = _months(text)
    weekdays = _weekdays(text)
    season, season_year = _season(text)
    year = year or season_year
    if season and not months:
        months = list(SEASON_MONTHS[season])
    if _NEXT_MONTH.search(text) and not months:
        following = today.month % 12 + 1
        months = [following]
        year = year or (today.year + 1 if following == 1 else today.year)
    if year is None:
        if _NEXT_YEAR.search(text):
            year = today.year + 1
        elif _THIS_YEAR.search(text):
            year = today.year
        elif (lone := _LONE_YEAR.search(text)) is not None:
            year = int(lone.group("y"))
    if not (months or weekdays or season or year):
        return None
    return VagueDates(months=months, year=year, weekdays=weekdays, season=season)
