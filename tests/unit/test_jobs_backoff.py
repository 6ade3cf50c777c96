"""The outbox backoff is exponential, bounded by its cap, and final after its last attempt."""

from __future__ import annotations

from datetime import datetime, timedelta

from venuedesk.clock import VENUE_TZ
from venuedesk.jobs.delivery import Backoff

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)


def test_each_failed_attempt_doubles_the_wait() -> None:
    backoff = Backoff(base=timedelta(seconds=30), factor=2, cap=timedelta(hours=1), max_attempts=6)
    waits = [backoff.retry_at(attempt, NOW) - NOW for attempt in range(1, 6)]  # type: ignore[operator]
    assert waits == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480)]


def test_the_wait_never_exceeds_the_cap() -> None:
    backoff = Backoff(base=timedelta(minutes=10), factor=3, cap=timedelta(hours=1), max_attempts=10)
    assert backoff.retry_at(5, NOW) == NOW + timedelta(hours=1)


def test_no_attempt_is_left_after_the_last_one() -> None:
    assert Backoff(max_attempts=3).retry_at(3, NOW) is None
