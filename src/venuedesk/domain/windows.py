"""Time windows on one day: `HH:MM` text, minutes since midnight, opening hours and room buffers.

A window is a start time and an end time. The end may be midnight (`24:00`) or, for an event that runs
past midnight, an early-morning time of the next day: `20:00`-`02:00` is six hours, ending on the next day.
An end that is not after the start is on the next day when it is at most `LATEST_NEXT_DAY_END` (06:00);
any other end before the start is a mistake. Windows are compared in whole minutes from the midnight
*before the start*, so an end of 24:00 is minute 1440 and 02:00 the next day is minute 1560; overlap,
duration and opening-hours checks are then exact. A booked window must lie inside the venue's operating
hours (a venue may close at or after midnight); the room's buffers may extend past them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Literal

from venuedesk.domain.catalogue import Policies, Room

DAY_MINUTES = 24 * 60
LATEST_NEXT_DAY_END = time(6, 0)
"""An end earlier than the start up to this time is read as the next morning (an event past midnight)."""

_HHMM = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")
_END = re.compile(r"^\s*(24)[:.](00)\s*$")


def parse_hhmm(text: str) -> time:
    """`"09:00"` (or `"9:00"`, `"09.00"`) → `time(9, 0)`; anything else raises ValueError."""
    match = _HHMM.match(text)
    if not match:
        raise ValueError(f"not a time of day: {text!r}; expected HH:MM")
    return time(int(match.group(1)), int(match.group(2)))


def parse_end(text: str) -> time:
    """An end time: like `parse_hhmm`, and `"24:00"` (midnight at the end of the day) → `time(0, 0)`."""
    if _END.match(text):
        return time(0, 0)
    return parse_hhmm(text)


def format_hhmm(moment: time) -> str:
    """`time(9, 0)` → `"09:00"`."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_end(moment: time) -> str:
    """An end time as the desk shows and stores it: midnight is `"24:00"`, anything else `HH:MM`."""
    return "24:00" if moment == time(0, 0) else format_hhmm(moment)


def to_minutes(moment: time | str) -> int:
    """Minutes since midnight of a time or an `HH:MM` string."""
    value = parse_hhmm(moment) if isinstance(moment, str) else moment
    return value.hour * 60 + value.minute


def end_minutes(start: time, end: time) -> int:
    """Minutes from the midnight before `start` to `end`: past 1440 when the end is on the next day.

    `00:00` (24:00) is always the end of the start's day; an end before the start up to 06:00 is the next
    morning. Any other end that is not after the start stays on the start's day (so the window is empty or
    negative, which `window_problem` reports).
    """
    start_min, end_min = to_minutes(start), to_minutes(end)
    if end_min == 0:
        return DAY_MINUTES
    if end_min <= start_min and end_min <= to_minutes(LATEST_NEXT_DAY_END):
        return end_min + DAY_MINUTES
    return end_min


def crosses_midnight(start: time, end: time) -> bool:
    """True when the window ends after midnight on the next day (24:00 itself does not cross)."""
    return end_minutes(start, end) > DAY_MINUTES


def window_minutes(start: time, end: time) -> int:
    """Length of the window in minutes (negative or zero when end is not after start)."""
    return end_minutes(start, end) - to_minutes(start)


def hours_between(start: time, end: time) -> Decimal:
    """Length of the window in hours, e.g. 09:00-17:30 → 8.5, 20:00-02:00 → 6 (exact to the minute)."""
    return Decimal(window_minutes(start, end)) / Decimal(60)


def closing_minutes(policies: Policies) -> int:
    """When the venue closes, in minutes from the midnight before it opens (00:00 → 1440, 02:00 → 1560)."""
    opens, closes = to_minutes(policies.open_from), to_minutes(policies.open_until)
    return closes + DAY_MINUTES if closes <= opens else closes


def clock_text(minutes: int) -> str:
    """Minutes from a day's midnight as the clock shows them: 1440 → `"24:00"`, 1560 → `"02:00"`."""
    if minutes == DAY_MINUTES:
        return "24:00"
    minutes %= DAY_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


WindowProblemCode = Literal["end_not_after_start", "starts_before_opening", "ends_after_closing"]


@dataclass(frozen=True)
class WindowProblem:
    """Why a requested window cannot be booked, with the opening hours and the nearest bookable window.

    `earliest_start` / `latest_end` are the venue's opening and closing time as `HH:MM` (closing may be
    `24:00`); `suggestion` is the requested window cut to the opening hours, or None when nothing of it
    lies inside them.
    """

    code: WindowProblemCode
    start: str
    end: str
    earliest_start: str
    latest_end: str
    suggestion: tuple[str, str] | None


def window_problem(start: time, end: time, policies: Policies) -> WindowProblem | None:
    """None when `start`-`end` is a valid booking window: end after start, inside operating hours."""
    start_min, end_min = to_minutes(start), end_minutes(start, end)
    opens, closes = to_minutes(policies.open_from), closing_minutes(policies)
    code: WindowProblemCode | None = None
    if end_min <= start_min:
        code = "end_not_after_start"
    elif start_min < opens:
        code = "starts_before_opening"
    elif end_min > closes:
        code = "ends_after_closing"
    if code is None:
        return None
    suggestion = None
    cut_start, cut_end = max(start_min, opens), min(end_min, closes)
    if code != "end_not_after_start" and cut_end > cut_start:
        suggestion = (clock_text(cut_start), clock_text(cut_end))
    return WindowProblem(code, format_hhmm(start), format_end(end), clock_text(opens), clock_text(closes),
                         suggestion)


@dataclass(frozen=True)
class MinuteWindow:
    """A half-open window `[start_min, end_min)` in minutes since midnight; may reach past 0 or 1440."""

    start_min: int
    end_min: int

    def overlaps(self, other: MinuteWindow) -> bool:
        """True when the windows share time; windows that only touch (12:30 and 12:30) do not overlap."""
        return self.start_min < other.end_min and other.start_min < self.end_min

    def shifted(self, minutes: int) -> MinuteWindow:
        """The same window seen from another day's midnight (`+1440` from the day before)."""
        return MinuteWindow(self.start_min + minutes, self.end_min + minutes)


def seen_from(window: MinuteWindow, window_day: date, day: date) -> MinuteWindow | None:
    """`window` (minutes from `window_day`'s midnight) in minutes from `day`'s midnight, or None when the days
    are more than one apart: no window runs past the next morning, so it cannot meet one on that day."""
    offset = (window_day - day).days
    if abs(offset) > 1:
        return None
    return window.shifted(offset * DAY_MINUTES)


def window_of(start: time, end: time) -> MinuteWindow:
    """The booked window itself in minutes from the start's midnight (the end may pass 1440)."""
    return MinuteWindow(to_minutes(start), end_minutes(start, end))


def buffered_window(room: Room, start: time, end: time) -> MinuteWindow:
    """The window the room is actually blocked: the booked window widened by the room's buffers."""
    booked = window_of(start, end)
    return MinuteWindow(booked.start_min - room.buffer_before_min, booked.end_min + room.buffer_after_min)
