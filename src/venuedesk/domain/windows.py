"""Time windows on one day: `HH:MM` text, minutes since midnight, opening hours and room buffers.

Windows are compared in whole minutes since midnight so that overlap and duration checks are exact.
A booked window must lie inside the venue's operating hours; the room's buffers may extend past them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from typing import Literal

from venuedesk.domain.catalogue import Policies, Room

_HHMM = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


def parse_hhmm(text: str) -> time:
    """`"09:00"` (or `"9:00"`, `"09.00"`) → `time(9, 0)`; anything else raises ValueError."""
    match = _HHMM.match(text)
    if not match:
        raise ValueError(f"not a time of day: {text!r}; expected HH:MM")
    return time(int(match.group(1)), int(match.group(2)))


def format_hhmm(moment: time) -> str:
    """`time(9, 0)` → `"09:00"`."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def to_minutes(moment: time | str) -> int:
    """Minutes since midnight of a time or an `HH:MM` string."""
    value = parse_hhmm(moment) if isinstance(moment, str) else moment
    return value.hour * 60 + value.minute


def window_minutes(start: time, end: time) -> int:
    """Length of the window in minutes (negative or zero when end is not after start)."""
    return to_minutes(end) - to_minutes(start)


def hours_between(start: time, end: time) -> Decimal:
    """Length of the window in hours, e.g. 09:00-17:30 → 8.5 (exact for whole and half hours)."""
    return Decimal(window_minutes(start, end)) / Decimal(60)


WindowProblemCode = Literal["end_not_after_start", "outside_opening_hours"]


@dataclass(frozen=True)
class WindowProblem:
    """Why a requested window cannot be booked, with the opening hours to explain it."""

    code: WindowProblemCode
    start: time
    end: time
    open_from: time
    open_until: time


def window_problem(start: time, end: time, policies: Policies) -> WindowProblem | None:
    """None when `start`-`end` is a valid booking window: end after start, inside operating hours."""
    code: WindowProblemCode | None = None
    if to_minutes(end) <= to_minutes(start):
        code = "end_not_after_start"
    elif to_minutes(start) < to_minutes(policies.open_from) or to_minutes(end) > to_minutes(
        policies.open_until
    ):
        code = "outside_opening_hours"
    if code is None:
        return None
    return WindowProblem(code, start, end, policies.open_from, policies.open_until)


@dataclass(frozen=True)
class MinuteWindow:
    """A half-open window `[start_min, end_min)` in minutes since midnight; may reach past 0 or 1440."""

    start_min: int
    end_min: int

    def overlaps(self, other: MinuteWindow) -> bool:
        """True when the windows share time; windows that only touch (12:30 and 12:30) do not overlap."""
        return self.start_min < other.end_min and other.start_min < self.end_min


def buffered_window(room: Room, start: time, end: time) -> MinuteWindow:
    """The window the room is actually blocked: the booked window widened by the room's buffers."""
    return MinuteWindow(to_minutes(start) - room.buffer_before_min, to_minutes(end) + room.buffer_after_min)
