"""Job `retention` (docs/privacy.md): a booking that ended over VENUEDESK_RETENTION_DAYS ago is anonymised, a
recent one and any booking while retention is off are not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from event_status import set_event_status
from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.retention import RETENTION_ENV, count_due
from venuedesk.jobs.scheduler import run_job
from venuedesk.workflow.desk import Desk

INQUIRY = "Hi, Annelie Brunnschweiler here (annelie@brunnschweiler.ch): a workshop for 30 people on 10 March 2026."


def _lost(desk: Desk) -> str:
    """A thread whose inquiry was lost at the clock's now."""
    thread_id = desk.open_thread().thread_id
    desk.handle_message(thread_id, INQUIRY)
    set_event_status(desk, thread_id, "Lost")
    return thread_id


def test_a_booking_lost_longer_ago_than_the_period_is_anonymised(
    desk: Desk, deps: JobDeps, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread_id = _lost(desk)
    monkeypatch.setenv(RETENTION_ENV, "30")
    clock.advance(timedelta(days=31))
    assert run_job(deps, clock, "retention").done == 1
    view = desk.event_view(thread_id)
    assert view is not None and view["client_email"] is None and view["status"] == "Lost"
    assert [entry["actor"] for entry in view["audit"] if entry["kind"] == "privacy"] == ["retention"]
    assert count_due(deps, clock) == 0, "an anonymised thread waits another period"


def test_a_recent_loss_is_kept(desk: Desk, deps: JobDeps, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    _lost(desk)
    monkeypatch.setenv(RETENTION_ENV, "30")
    clock.advance(timedelta(days=29))
    assert count_due(deps, clock) == 0


def test_without_a_period_nothing_is_anonymised(
    desk: Desk, deps: JobDeps, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread_id = _lost(desk)
    monkeypatch.delenv(RETENTION_ENV, raising=False)
    clock.advance(timedelta(days=3650))
    assert count_due(deps, clock) == 0 and run_job(deps, clock, "retention").done == 0
    view = desk.event_view(thread_id)
    assert view is not None and view["client_email"] == "annelie@brunnschweiler.ch"
