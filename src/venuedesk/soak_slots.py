"""The (day, room) slots soak conversations ask for, one conversation per slot at a time, so no two of them compete
for a room (the race tests do that): bookable weekdays within the demo venue's horizon as the soak's frozen clock
(2026-02-02) sees it, without Zurich's public holidays and the venue's blackouts, in rooms a workshop of 20 fits.
A confirmed booking keeps its slot; a declined offer gives it back.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from venuedesk.domain.calendar import public_holidays

FIRST_DAY = date(2026, 2, 9)  # the Monday after the frozen clock's day plus the lead days
LAST_DAY = date(2027, 7, 30)  # within the 18-month horizon
ROOMS = ("room-a", "room-b", "room-d")  # room C takes groups of 30 or more
BLACKOUTS = ("12-24", "12-31")


def bookable_days(first: date = FIRST_DAY, last: date = LAST_DAY) -> list[date]:
    """Weekdays from `first` to `last` that are neither a Zurich public holiday nor a blackout."""
    closed = {day for year in range(first.year, last.year + 1) for day in public_holidays("CH", "ZH", year)}
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and day not in closed and day.strftime("%m-%d") not in BLACKOUTS:
            days.append(day)
        day += timedelta(days=1)
    return days


class SlotPool:
    """Free slots handed out one at a time (blocking while none is free); thread-safe."""

    def __init__(self) -> None:
        self._free: deque[tuple[date, str]] = deque((day, room) for day in bookable_days() for room in ROOMS)
        self._consumed: set[tuple[date, str]] = set()
        self._ready = threading.Condition()

    def spare(self) -> int:
        """How many slots are free right now."""
        with self._ready:
            return len(self._free)

    def consume(self, day: date, room: str) -> None:
        """Keep this slot out of the pool for good (its booking was confirmed)."""
        with self._ready:
            self._consumed.add((day, room))

    @contextmanager
    def slot(self) -> Iterator[tuple[date, str]]:
        """A free slot for one conversation, back in the pool afterwards unless consumed."""
        with self._ready:
            while not self._free:
                self._ready.wait()
            taken = self._free.popleft()
        try:
            yield taken
        finally:
            with self._ready:
                if taken not in self._consumed:
                    self._free.append(taken)
                    self._ready.notify()
