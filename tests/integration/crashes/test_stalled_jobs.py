"""The stalled_jobs reaper (jobs/pgqueue.py): a `doing` job of a worker silent for longer than the lease goes back
to the queue, or ends as failed when a newer tick of it already waits; a job of a live worker is left alone."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import procrastinate
import pytest
from sqlalchemy import Engine, text

from crash_helpers import rows
from venuedesk.jobs.pgqueue import QUEUE, conninfo, ensure_queue_schema, requeue_stalled

pytestmark = pytest.mark.postgres
TASK = "venuedesk.hil_reminder"
LEASE = 30.0


@pytest.fixture
def queue(crash_engine: Engine) -> Iterator[Engine]:
    """The test schema with procrastinate's tables."""
    ensure_queue_schema(crash_engine)
    yield crash_engine


def _worker(engine: Engine, silent_seconds: int) -> int:
    with engine.begin() as connection:
        return int(connection.execute(text(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - make_interval(secs => :s)) "
            "RETURNING id"), {"s": silent_seconds}).scalar_one())


def _job(engine: Engine, status: str, worker_id: int | None = None) -> int:
    with engine.begin() as connection:
        return int(connection.execute(text(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, queueing_lock, args, status, worker_id) "
            "VALUES (:q, :t, :l, '{}', :s, :w) RETURNING id"),
            {"q": QUEUE, "t": TASK, "l": TASK, "s": status, "w": worker_id}).scalar_one())


def _reap(url: str) -> dict[str, int]:
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))

    async def run() -> dict[str, int]:
        async with app.open_async():
            return await requeue_stalled(app, LEASE)

    return asyncio.run(run())


def _status(engine: Engine, job_id: int) -> str:
    return str(rows(engine, "SELECT status FROM procrastinate_jobs WHERE id = :i", i=job_id)[0].status)


def test_a_job_of_a_worker_silent_past_the_lease_goes_back_to_the_queue(queue: Engine) -> None:
    job = _job(queue, "doing", _worker(queue, silent_seconds=120))
    assert _reap(queue.url.render_as_string(hide_password=False)) == {"requeued": 1, "superseded": 0}
    assert _status(queue, job) == "todo"


def test_a_stalled_job_whose_newer_tick_waits_ends_as_failed(queue: Engine) -> None:
    job = _job(queue, "doing", _worker(queue, silent_seconds=120))
    newer = _job(queue, "todo")
    assert _reap(queue.url.render_as_string(hide_password=False)) == {"requeued": 0, "superseded": 1}
    assert (_status(queue, job), _status(queue, newer)) == ("failed", "todo")


def test_a_job_of_a_worker_with_a_fresh_heartbeat_is_left_running(queue: Engine) -> None:
    job = _job(queue, "doing", _worker(queue, silent_seconds=1))
    assert _reap(queue.url.render_as_string(hide_password=False)) == {"requeued": 0, "superseded": 0}
    assert _status(queue, job) == "doing"
