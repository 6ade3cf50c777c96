"""Dates relative to today or to the date under discussion: "tomorrow", "übermorgen", "next Friday",
"übernächsten Freitag" / "the Friday after next" (a week after next Friday),
"in 3 Tagen", "next week", "in two weeks on Tuesday" (that weekday in the calendar week of today + 14 days), "the
Friday after" / "den Donnerstag danach" (the first such weekday after the date in focus; docs/design.md §4.4)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from venuedesk.understanding.calendar_words import WEEKDAY_FULL, weekday_number
from venuedesk.understanding.model import DateSpan

_NEXT = r"(?:next|coming|nächste[nrms]?|naechste[nrms]?|kommende[nrms]?)"
_THIS = r"(?:this|diese[nrms]?)"
_NEXT_WEEK = r"(?:next\s+week|nächste\s+woche|naechste\s+woche|kommende\s+woche)"
_OFFSETS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:the\s+)?day\s+after\s+tomorrow\b|\bübermorgen\b|\buebermorgen\b"), 2),
    (re.compile(r"\btoday\b|\btonight\b|\bheute\b"), 0),
    (re.compile(r"\btomorrow\b|(?<!guten )(?<!am )(?<!jeden )(?<!den )(?<!\w)morgen\b"), 1),
)
_WEEKDAY_NEXT_WEEK = re.compile(
    rf"\b(?P<wd>{WEEKDAY_FULL})\s+(?:of\s+)?{_NEXT_WEEK}\b"
    rf"|\b{_NEXT_WEEK}\s+(?:on\s+|am\s+)?(?P<wd2>{WEEKDAY_FULL})"
)
_NEXT_WEEKDAY = re.compile(rf"\b{_NEXT}\s+(?P<wd>{WEEKDAY_FULL})")
# "übernächsten Freitag", "the Friday after next": one week after "next Friday".
_AFTER_NEXT_WEEKDAY = re.compile(
    rf"\b(?:übernächste[nrms]?|uebernaechste[nrms]?)\s+(?P<wd>{WEEKDAY_FULL})"
    rf"|\b(?P<wd2>{WEEKDAY_FULL})\s+after\s+next\b"
)
_THIS_WEEKDAY = re.compile(rf"\b{_THIS}\s+(?P<wd>{WEEKDAY_FULL})")
_IN_N = re.compile(
    r"\bin\s+(?P<n>\d{1,3}|a|an|one|einer|einem|eine|1)\s+"
    r"(?P<unit>days?|weeks?|tag(?:en)?|woche(?:n)?)\b"
)
_WEEK_SPAN = re.compile(rf"\b(?P<which>{_NEXT_WEEK}|this\s+week|diese\s+woche)\b")
_WEEKS = r"(?P<n>\d{1,2}|a|an|one|einer|einem|eine)\s+(?:weeks?|wochen?)(?:'?s?\s+time)?"
_IN_WEEKS_ON = re.compile(
    rf"\bin\s+{_WEEKS}\s*,?\s*(?:on\s+(?:the\s+)?|am\s+|,\s*)?(?P<wd>{WEEKDAY_FULL})"
    rf"|\b(?:on\s+|am\s+)?(?P<wd2>{WEEKDAY_FULL})\s+in\s+{_WEEKS.replace('?P<n>', '?P<n2>')}"
)
_AFTER_FOCUS = re.compile(
    rf"\b(?P<wd>{WEEKDAY_FULL})\s+(?:after(?:wards)?|danach|darauf)\b"
    r"(?!\s+(?:next|\d|the\b|a\b|an\b|our\b|your\b|dem\b|der\b|den\b|[^\W\d_]+\s+\d))"
    rf"|\b(?:the\s+)?following\s+(?P<wd2>{WEEKDAY_FULL})|\b(?:darauf|da)?folgenden?\s+(?P<wd3>{WEEKDAY_FULL})"
)
_ARTICLES = frozenset({"a", "an", "one", "einer", "einem", "eine"})


@dataclass
class RelativeFindings:
    """Dates and a week span resolved against today, with the text consumed."""

    dates: list[tuple[int, date]] = field(default_factory=list)
    span: DateSpan | None = None
    consumed: list[tuple[int, int]] = field(default_factory=list)


def next_weekday(today: date, weekday: int, *, strictly_after: bool) -> date:
    """The first given weekday after today (or on/after today when not strictly)."""
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and strictly_after:
        ahead = 7
    return today + timedelta(days=ahead)


def _monday_next_week(today: date) -> date:
    """The Monday of the week after today's week."""
    return today + timedelta(days=7 - today.weekday())


def weekday_in_week_of(day: date, weekday: int) -> date:
    """The given weekday in the calendar week (Monday to Sunday) that contains `day`."""
    return day - timedelta(days=day.weekday()) + timedelta(days=weekday)


def _count(raw: str) -> int:
    """A week count written as digits or an article ("a week", "einer Woche")."""
    return 1 if raw in _ARTICLES else int(raw)


def find_relative(text: str, today: date, focus: date | None = None) -> RelativeFindings:
    """Resolve relative date expressions in the (masked) normalised text; `focus` is the date under discussion."""
    found = RelativeFindings()
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(match: re.Match[str], value: date) -> None:
        if free(*match.span()):
            taken.append(match.span())
            found.dates.append((match.start(), value))

    for match in _IN_WEEKS_ON.finditer(text):
        weeks = _count(match.group("n") or match.group("n2"))
        day = weekday_number(match.group("wd") or match.group("wd2"))
        add(match, weekday_in_week_of(today + timedelta(days=7 * weeks), day))
    if focus is not None:
        for match in _AFTER_FOCUS.finditer(text):
            day = weekday_number(match.group("wd") or match.group("wd2") or match.group("wd3"))
            add(match, next_weekday(focus, day, strictly_after=True))
    for match in _WEEKDAY_NEXT_WEEK.finditer(text):
        day = weekday_number(match.group("wd") or match.group("wd2"))
        add(match, _monday_next_week(today) + timedelta(days=day))
    for match in _AFTER_NEXT_WEEKDAY.finditer(text):
        day = weekday_number(match.group("wd") or match.group("wd2"))
        add(match, next_weekday(today, day, strictly_after=True) + timedelta(days=7))
    for match in _NEXT_WEEKDAY.finditer(text):
        add(match, next_weekday(today, weekday_number(match.group("wd")), strictly_after=True))
    for match in _THIS_WEEKDAY.finditer(text):
        add(match, next_weekday(today, weekday_number(match.group("wd")), strictly_after=False))
    for match in _IN_N.finditer(text):
        amount = _count(match.group("n"))
        days = amount * 7 if match.group("unit").startswith(("week", "woche")) else amount
        add(match, today + timedelta(days=days))
    for pattern, offset in _OFFSETS:
        for match in pattern.finditer(text):
            add(match, today + timedelta(days=offset))
    for match in _WEEK_SPAN.finditer(text):
        if not free(*match.span()) or found.span is not None:
            continue
        taken.append(match.span())
        if match.group("which").startswith(("this", "diese")):
            found.span = DateSpan(start=today, end=today + timedelta(days=6 - today.weekday()))
        else:
            monday = _monday_next_week(today)
            found.span = DateSpan(start=monday, end=monday + timedelta(days=6))
    found.dates.sort(key=lambda item: item[0])
    found.consumed = taken
    return found
