"""Each periodic tick of `venuedesk worker` is deferred once however the workers' schedulers race or lag
(jobs/tick_guard.py): procrastinate forgets a task's older ticks when it defers a newer one, so a worker whose
scheduler woke late and catches up would otherwise defer again a tick that another worker's job already ran."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import procrastinate
import pytest
from procrastinate.periodic import PeriodicDeferrer
from procrastinate.schema import SchemaManager
from sqlalchemy import Engine, create_engine, text

from jobs_helpers import NOW, at_once
from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.pgqueue import TASK_PREFIX, build_app, ensure_queue_schema

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("database_url", ["postgres"], indirect=True)]
JOB = "hil_reminder"
TICK = 1_800_000_000  # a due slot (seconds since the epoch, a multiple of the 1-second cron)


@pytest.fixture
def queue(database_url: str) -> Iterator[Engine]:
    """An empty schema with procrastinate's tables and the tick guard, as a worker's start leaves it."""
    engine = create_engine(database_url)
    ensure_queue_schema(engine)
    yield engine
    engine.dispose()


def _no_deps() -> JobDeps:
    raise AssertionError("no job runs in these tests: they only defer ticks")


def _app(queue: Engine) -> procrastinate.App:
    return build_app(queue.url.render_as_string(hide_password=False), _no_deps, FrozenClock(NOW), every=1)


def _defer(queue: Engine, ticks: list[int]) -> None:
    """What one worker's periodic scheduler does when it wakes: defer each due slot of the job it has not deferred
    yet, oldest first, through its own connection pool."""
    app = _app(queue)

    async def run() -> None:
        async with app.open_async():
            periodic = app.periodic_registry.periodic_tasks[(TASK_PREFIX + JOB, JOB)]
            await PeriodicDeferrer(registry=app.periodic_registry).defer_jobs([(periodic, tick) for tick in ticks])

    asyncio.run(run())


def _run_waiting_jobs(queue: Engine) -> None:
    """A worker took and finished every waiting job (the job's queueing lock no longer holds a newer tick back)."""
    with queue.begin() as connection:
        connection.execute(text("UPDATE procrastinate_jobs SET status = 'doing' WHERE status = 'todo'"))
        connection.execute(text("UPDATE procrastinate_jobs SET status = 'succeeded' WHERE status = 'doing'"))


def _jobs_per_tick(queue: Engine) -> dict[int, int]:
    with queue.connect() as connection:
        rows = connection.execute(text("SELECT (args->>'timestamp')::bigint AS tick, count(*) AS jobs "
                                       "FROM procrastinate_jobs WHERE task_name = :t GROUP BY 1 ORDER BY 1"),
                                  {"t": TASK_PREFIX + JOB})
        return {int(row.tick): int(row.jobs) for row in rows}


def test_a_late_worker_catching_up_does_not_defer_again_a_tick_that_already_ran(queue: Engine) -> None:
    _defer(queue, [TICK])  # worker 1, on time
    _run_waiting_jobs(queue)
    _defer(queue, [TICK + 1])  # worker 1's next tick: procrastinate forgets the tick before
    _run_waiting_jobs(queue)
    _defer(queue, [TICK, TICK + 1])  # worker 2's scheduler woke late and defers the slots it missed
    assert _jobs_per_tick(queue) == {TICK: 1, TICK + 1: 1}


def test_a_newer_tick_is_still_deferred_after_a_late_worker_was_turned_away(queue: Engine) -> None:
    _defer(queue, [TICK + 1])
    _run_waiting_jobs(queue)
    _defer(queue, [TICK])
    _defer(queue, [TICK + 2])
    assert _jobs_per_tick(queue) == {TICK + 1: 1, TICK + 2: 1}


def test_two_workers_racing_for_each_due_slot_defer_it_once(queue: Engine) -> None:
    for slot in range(TICK, TICK + 10):
        at_once(lambda: _defer(queue, [slot]), workers=2)  # noqa: B023 - run before the loop moves on
        _run_waiting_jobs(queue)
    assert _jobs_per_tick(queue) == {slot: 1 for slot in range(TICK, TICK + 10)}


def test_a_queue_schema_applied_before_the_guard_gets_it_at_the_next_worker_start(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.connection.cursor().execute(SchemaManager.get_schema())
        assert ensure_queue_schema(engine) is False
        assert ensure_queue_schema(engine) is False
        with engine.connect() as connection:
            guards = connection.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname = "
                                             "'venuedesk_newer_ticks_only' AND tgrelid = "
                                             "to_regclass('procrastinate_periodic_defers')")).scalar()
        assert guards == 1
    finally:
        engine.dispose()
