"""On SQLite `venuedesk serve` runs the jobs in-process: the runner's thread works while the app runs and is
gone after shutdown."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jobs_helpers import outbox, waiting_on_manager
from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.inprocess import THREAD_NAME, InProcessRunner
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _job_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == THREAD_NAME]


def _eventually(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def _all_sent(engine: Engine) -> bool:
    return {row.status for row in outbox(engine)} == {"sent"}


def test_the_runner_delivers_in_its_thread_and_leaves_no_thread_when_stopped(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    waiting_on_manager(desk)
    runner = InProcessRunner(deps, clock, interval=0.05)
    runner.start()
    try:
        assert runner.running and len(_job_threads()) == 1
        assert _eventually(lambda: _all_sent(engine))
    finally:
        runner.stop()
    assert not runner.running and _job_threads() == []


def test_serve_lifespan_starts_the_runner_and_stops_it_on_shutdown(
    desk: Desk, engine: Engine, tmp_path: Path
) -> None:
    settings = ServerSettings(home=tmp_path, jobs_interval_seconds=0.05)
    app = create_app(desk, manager_token="m" * 32, settings=settings, run_jobs=True)
    with TestClient(app):
        assert app.state.jobs.running and len(_job_threads()) == 1
        waiting_on_manager(desk)
        assert _eventually(lambda: _all_sent(engine))
    assert not app.state.jobs.running and _job_threads() == []


def test_an_app_built_without_run_jobs_runs_no_jobs(desk: Desk, engine: Engine, tmp_path: Path) -> None:
    app = create_app(desk, manager_token="m" * 32, settings=ServerSettings(home=tmp_path))
    with TestClient(app):
        waiting_on_manager(desk)
        assert app.state.jobs is None and _job_threads() == []
    assert {row.status for row in outbox(engine)} == {"pending"}


def test_jobs_in_process_can_be_switched_off(desk: Desk, tmp_path: Path) -> None:
    settings = ServerSettings(home=tmp_path, jobs_in_process=False)
    app = create_app(desk, manager_token="m" * 32, settings=settings, run_jobs=True)
    with TestClient(app):
        assert app.state.jobs is None and _job_threads() == []


def test_a_failing_pass_is_logged_and_the_runner_keeps_going(
    deps: JobDeps, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    broken = JobDeps(sessions=_refusing_session, venue=deps.venue, delivery=deps.delivery)
    runner = InProcessRunner(broken, clock, interval=0.02)
    runner.start()
    try:
        assert _eventually(lambda: runner.passes >= 2)
    finally:
        runner.stop()
    assert "failed: ConnectionError" in caplog.text and _job_threads() == []


def _refusing_session() -> None:
    raise ConnectionError("database unreachable")
