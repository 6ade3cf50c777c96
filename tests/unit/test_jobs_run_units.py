"""`jobs.base.run_units`: each unit of a job in its own unit of work, committed only when it was done."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.jobs.base import JobDeps, UnitDone, run_units
from venuedesk.jobs.delivery import InAppDelivery
from venuedesk.store.uow import UnitOfWork
from venuedesk.venue.loader import load_venue

CLOCK = FrozenClock(datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ))


class RecordingSession:
    """A session that records whether it was committed and closed (closing without a commit rolls back)."""

    def __init__(self, log: list[RecordingSession]) -> None:
        self.committed = False
        self.closed = False
        self.info: dict[str, Any] = {}  # where a real Session keeps its venue (store/tenancy.py)
        log.append(self)

    def commit(self) -> None:
        self.committed = True

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def sessions() -> list[RecordingSession]:
    return []


@pytest.fixture
def deps(sessions: list[RecordingSession]) -> JobDeps:
    def session() -> Any:
        return RecordingSession(sessions)

    return JobDeps(sessions=session, venue=load_venue(), delivery=InAppDelivery())


def test_each_unit_runs_in_its_own_unit_of_work_committed_and_counted(
    deps: JobDeps, sessions: list[RecordingSession]
) -> None:
    def work(uow: UnitOfWork, unit: int) -> UnitDone:
        return UnitDone(unit, [{"unit": unit}])

    report = run_units(deps, CLOCK, "counting", [1, 2], work)
    assert (report.name, report.done, report.sent) == ("counting", 3, [{"unit": 1}, {"unit": 2}])
    assert [(session.committed, session.closed) for session in sessions] == [(True, True), (True, True)]


def test_a_unit_no_longer_due_is_rolled_back_uncounted_and_the_next_one_still_runs(
    deps: JobDeps, sessions: list[RecordingSession]
) -> None:
    def work(uow: UnitOfWork, unit: str) -> UnitDone | None:
        return None if unit == "taken" else UnitDone()

    report = run_units(deps, CLOCK, "skipping", ["taken", "due"], work)
    assert (report.done, report.sent) == (1, [])
    assert [(session.committed, session.closed) for session in sessions] == [(False, True), (True, True)]


def test_a_failing_unit_is_rolled_back_and_ends_the_run_keeping_the_units_before_it(
    deps: JobDeps, sessions: list[RecordingSession]
) -> None:
    ran: list[str] = []

    def work(uow: UnitOfWork, unit: str) -> UnitDone:
        ran.append(unit)
        if unit == "broken":
            raise RuntimeError("the calendar row vanished")
        return UnitDone()

    with pytest.raises(RuntimeError, match="vanished"):
        run_units(deps, CLOCK, "failing", ["done", "broken", "never"], work)
    assert ran == ["done", "broken"]
    assert [(session.committed, session.closed) for session in sessions] == [(True, True), (False, True)]
