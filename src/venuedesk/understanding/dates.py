"""Explicit calendar dates, date ranges and a bare day of month ("the 10th") in English and German."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from venuedesk.understanding.calendar_words import MONTH, ORDINAL, WEEKDAY, month_number, weekday_number
from venuedesk.understanding.model import DateSpan, Problem
from venuedesk.understanding.text import Normalized, mask
from venuedesk.understanding.vocab import PEOPLE

_YEAR = r"(?:\s*,?\s*(?P<y>\d{4})(?!\d))?"
_WD = rf"(?:(?P<wd>{WEEKDAY})\s*,?\s*(?:the\s+|den\s+|dem\s+)?)?"
_TO = r"(?:-|to|till|until|through|thru|bis(?:\s+zum|\s+und\s+mit)?)"
_FROM = r"(?:(?P<pre>from|between|vom|von|zwischen|am)\s+(?:the\s+|dem\s+)?)?"

_RANGE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"{_FROM}(?<![\d.])(?P<d1>\d{{1,2}}){ORDINAL}?\s*(?:{_TO}|and|und)\s*(?:the\s+|zum\s+|dem\s+)?"
        rf"(?P<d2>\d{{1,2}}){ORDINAL}?\s*(?:of\s+)?(?P<m>{MONTH}){_YEAR}"
    ),
    re.compile(
        rf"{_FROM}(?P<m>{MONTH})\s*(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:{_TO}|and)\s*"
        rf"(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?!\s*{PEOPLE}){_YEAR}"
    ),
    re.compile(
        rf"{_FROM}(?<![\d.])(?P<d1>\d{{1,2}})\.?\s*(?:{_TO}|und)\s*(?P<d2>\d{{1,2}})\.(?P<mn>\d{{1,2}})\."
        rf"(?:(?P<y>\d{{4}}|\d{{2}})(?!\d))?"
    ),
)
_LIST = re.compile(
    rf"(?<![\d.])(?P<days>\d{{1,2}}{ORDINAL}?(?:\s*(?:,|and|und|or|oder|&)\s*(?:the\s+)?"
    rf"\d{{1,2}}{ORDINAL}?)+)\s*(?:of\s+)?(?P<m>{MONTH}){_YEAR}"
)
_LIST_MONTH_FIRST = re.compile(
    rf"(?P<m>{MONTH})\s*(?:the\s+)?(?P<days>\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:\s*(?:,|and|or|&)\s*(?:the\s+)?"
    rf"\d{{1,2}}(?:st|nd|rd|th)?(?![\d:.]))+)(?!\s*{PEOPLE}){_YEAR}"
)
_SINGLE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<mn>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    re.compile(rf"{_WD}(?<![\d.:])(?P<d>\d{{1,2}})\.(?P<mn>\d{{1,2}})\.(?:(?P<y>\d{{4}}|\d{{2}})(?!\d))?"),
    re.compile(rf"{_WD}(?<![\d/])(?P<d>\d{{1,2}})/(?P<mn>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}})(?![\d/])"),
    re.compile(rf"{_WD}(?:the\s+)?(?<![\d.])(?P<d>\d{{1,2}}){ORDINAL}?\s*(?:of\s+)?(?P<m>{MONTH}){_YEAR}"),
    re.compile(
        rf"{_WD}(?P<m>{MONTH})\s*(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?!\.\d)"
        rf"(?!\s*{PEOPLE}){_YEAR}"
    ),
)
_DAY_ONLY: tuple[re.Pattern[str], ...] = (
    # A move from one day to another ("vom 13. auf den 20.", "move it from the 13th to the 20th"): the new day.
    re.compile(r"\b(?:vom|von)\s+(?:dem\s+)?\d{1,2}\.?\s+auf\s+(?:den\s+)?(?P<d>\d{1,2})\.(?!\d)"),
    re.compile(
        r"\b(?:move|moving|switch|change|shift|postpone|push)\w*\b[^.?!]{0,30}?\bfrom\s+(?:the\s+)?\d{1,2}"
        r"(?:st|nd|rd|th)?\s+to\s+(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"
    ),
    re.compile(r"\b(?:on\s+)?the\s+(?P<d>\d{1,2})(?:st|nd|rd|th|(?=\s*(?:$|[,!?;]|\.(?!\d))))(?!\s*of\b)"),
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})(?:st|nd|rd|th)\b"),
    re.compile(r"\b(?:am|den|dem|der|vom|zum)\s+(?P<d>\d{1,2})\.(?!\d)"),
)
_DIGIT_DAY = re.compile(r"\d{1,2}")
_SPAN_JOIN = re.compile(rf"^\s*(?:{_TO})\s*(?:the\s+|zum\s+)?$")
_AND_JOIN = re.compile(r"^\s*(?:and|und)\s*(?:the\s+|dem\s+)?$")
_BETWEEN_BEFORE = re.compile(r"(?:between|zwischen)\s+(?:the\s+|dem\s+)?$")


@dataclass
class DateFindings:
    """What the explicit-date pass found and which text it consumed."""

    dates: list[tuple[int, date]] = field(default_factory=list)
    span: DateSpan | None = None
    problems: list[Problem] = field(default_factory=list)
    consumed: list[tuple[int, int]] = field(default_factory=list)


def _year(raw: str | None) -> int | None:
    """A four- or two-digit year as a full year."""
    if not raw:
        return None
    value = int(raw)
    return value + 2000 if value < 100 else value


def _make(year: int, month: int, day: int) -> date | None:
    """A date, or None when the day does not exist."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve(
    day: int, month: int, year: int | None, today: date, *, not_before: date | None = None
) -> date | None:
    """The dated day; without a year the next occurrence on or after `not_before` (default today)."""
    if year is not None:
        return _make(year, month, day)
    floor = not_before or today
    for candidate_year in range(floor.year, floor.year + 5):
        candidate = _make(candidate_year, month, day)
        if candidate is not None and candidate >= floor:
            return candidate
        if candidate is None and not (month == 2 and day == 29):
            return None
    return None


def _month_of(match: re.Match[str]) -> int:
    """The month of a match, from a month word or a numeric month group."""
    groups = match.groupdict()
    if groups.get("m"):
        return month_number(groups["m"])
    return int(groups["mn"])


class _Collector:
    """Accumulates dates and problems for one message."""

    def __init__(self, norm: Normalized, today: date) -> None:
        self.norm = norm
        self.today = today
        self.found = DateFindings()

    def problem(self, code: str, start: int, end: int) -> None:
        self.found.problems.append(Problem(field="date", code=code, text=self.norm.source(start, end)))

    def single(self, match: re.Match[str], day: int, month: int, year: int | None) -> date | None:
        """Validate one date (existence, past, weekday) and record it."""
        value = resolve(day, month, year, self.today) if 1 <= month <= 12 else None
        start, end = match.span()
        if value is None:
            self.problem("invalid_date", start, end)
            return None
        if year is not None and value < self.today:
            self.problem("past_date", start, end)
            return None
        weekday = match.groupdict().get("wd")
        if weekday and weekday_number(weekday) != value.weekday():
            self.problem("weekday_mismatch", start, end)
        self.found.dates.append((start, value))
        return value

    def span(self, match: re.Match[str], first: int, last: int, month: int, year: int | None) -> None:
        """Validate and record an inclusive range within one month."""
        start = resolve(first, month, year, self.today) if 1 <= month <= 12 else None
        end = resolve(last, month, start.year, self.today) if start else None
        if start is None or end is None or end < start:
            self.problem("invalid_date", *match.span())
        elif year is not None and start < self.today:
            self.problem("past_date", *match.span())
        elif self.found.span is None:
            self.found.span = DateSpan(start=start, end=end)


def find_dates(norm: Normalized, text: str, today: date) -> DateFindings:
    """Find explicit dates, one range and their problems in the (masked) normalised text."""
    collector = _Collector(norm, today)
    found = collector.found
    for pattern in _RANGE_PATTERNS:
        for match in pattern.finditer(text):
            connector = text[match.start("d1") : match.start("d2")]
            if re.search(r"\b(?:and|und)\b", connector) and match.group("pre") not in ("between", "zwischen"):
                continue
            collector.span(
                match,
                int(match.group("d1")),
                int(match.group("d2")),
                _month_of(match),
                _year(match.group("y")),
            )
            found.consumed.append(match.span())
    text = mask(text, found.consumed)
    for pattern in (_LIST, _LIST_MONTH_FIRST):
        for match in pattern.finditer(text):
            month, year = month_number(match.group("m")), _year(match.group("y"))
            for day in _DIGIT_DAY.findall(match.group("days")):
                collector.single(match, int(day), month, year)
            found.consumed.append(match.span())
        text = mask(text, found.consumed)
    singles: list[tuple[int, int, date | None]] = []
    for pattern in _SINGLE_PATTERNS:
        for match in pattern.finditer(text):
            value = collector.single(match, int(match.group("d")), _month_of(match), _year(match.group("y")))
            singles.append((match.start(), match.end(), value))
            found.consumed.append(match.span())
        text = mask(text, found.consumed)
    _merge_spans(collector, norm.text, singles)
    found.dates.sort(key=lambda item: item[0])
    return found


def _merge_spans(collector: _Collector, text: str, singles: list[tuple[int, int, date | None]]) -> None:
    """Turn two dates joined by "to"/"bis" (or "between ... and") into a range."""
    singles.sort()
    for (s1, e1, first), (s2, e2, second) in zip(singles, singles[1:], strict=False):
        if first is None or second is None or collector.found.span is not None:
            continue
        between = text[e1:s2]
        joined = _SPAN_JOIN.match(between) or (
            _AND_JOIN.match(between) and _BETWEEN_BEFORE.search(text[max(0, s1 - 12) : s1])
        )
        if not joined:
            continue
        if second < first:
            second = resolve(second.day, second.month, None, collector.today, not_before=first) or second
        if second < first:
            collector.problem("invalid_date", s1, e2)
            continue
        collector.found.span = DateSpan(start=first, end=second)
        collector.found.dates = [(pos, d) for pos, d in collector.found.dates if pos not in (s1, s2)]


def find_day_of_month(text: str) -> tuple[int | None, list[tuple[int, int]]]:
    """A bare day of month without a month ("the 10th works", "am 10."), and the text it used."""
    for pattern in _DAY_ONLY:
        match = pattern.search(text)
        if match and 1 <= int(match.group("d")) <= 31:
            return int(match.group("d")), [match.span()]
    return None, []
