"""On PostgreSQL two `venuedesk worker` processes (procrastinate workers) run the jobs: every reminder and every
delivery happens exactly once, each periodic tick is deferred once, and both stop cleanly on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

import venuedesk
from jobs_helpers import NOW, outbox, reminders, waiting_on_manager
from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import JobDeps
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.desk import Desk

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("database_url", ["postgres"], indirect=True)]
SOURCES = Path(venuedesk.__file__).resolve().parents[1]
EXTRA_REPLIES = 150


def _start_worker(name: str, database_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, VENUEDESK_DATABASE_URL=database_url, PYTHONPATH=str(SOURCES), VENUEDESK_LOG_LEVEL="info",
               VENUEDESK_CLOCK=(NOW + timedelta(hours=25)).isoformat())
    command = [sys.executable, "-m", "venuedesk.cli", "worker", "--every", "1", "--name", name]
    return subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def _done(logs: list[Path], job: str) -> int:
    """Units the workers report done for `job`, summed over every run in every worker's log."""
    pattern = re.compile(rf"job {job}: (\d+) done")
    return sum(int(n) for log in logs for n in pattern.findall(log.read_text(errors="replace")))


def _scalar(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar() or 0)


def _duplicated_ticks(engine: Engine) -> list[str]:
    """Every procrastinate job of a (task, tick) deferred more than once, with its worker and event history."""
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT j.id, j.task_name, j.args->>'timestamp' AS tick, j.status, j.worker_id, "
            "(SELECT string_agg(e.type || '@' || to_char(e.at, 'HH24:MI:SS.MS'), ' ' ORDER BY e.id) "
            " FROM procrastinate_events e WHERE e.job_id = j.id) AS history "
            "FROM procrastinate_jobs j WHERE (j.task_name, j.args->>'timestamp') IN (SELECT task_name, "
            "args->>'timestamp' FROM procrastinate_jobs GROUP BY 1, 2 HAVING count(*) > 1) ORDER BY 2, 3, 1"))
        return [f"{row.task_name} tick {row.tick}: job {row.id} {row.status} on worker {row.worker_id}: "
                f"{row.history}" for row in rows]


def _wait_for(condition, timeout: float, what: str, logs: list[Path]) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    output = "\n".join(log.read_text(errors="replace")[-3000:] for log in logs)
    pytest.fail(f"timed out after {timeout} s waiting for {what}; worker output:\n{output}")


def _queue_copies(deps: JobDeps, clock: FrozenClock, thread_id: str, count: int) -> None:
    with UnitOfWork(deps.sessions, clock) as uow:
        reply = uow.outbox.for_thread(thread_id)[0].reply
        for _ in range(count):
            uow.outbox.add(thread_id, reply, "chat", clock.now())
        uow.commit()


def test_two_worker_processes_send_each_reminder_and_deliver_each_reply_exactly_once(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps, database_url: str, tmp_path: Path
) -> None:
    threads = [waiting_on_manager(desk, day) for day in (10, 11, 12)]
    _queue_copies(deps, clock, threads[0], EXTRA_REPLIES)
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [_start_worker(f"w{i}", database_url, log) for i, log in enumerate(logs, 1)]
    try:
        _wait_for(lambda: _scalar(engine, "SELECT count(*) FROM hil_tasks WHERE reminded_at IS NULL") == 0,
                  90, "every task to be reminded", logs)
        _wait_for(lambda: _scalar(engine, "SELECT count(*) FROM outbox WHERE status <> 'sent'") == 0,
                  90, "every reply to be delivered", logs)
        _wait_for(lambda: _scalar(engine, "SELECT count(DISTINCT worker_id) FROM procrastinate_jobs") >= 2
                  or _scalar(engine, "SELECT count(*) FROM procrastinate_workers") >= 2,
                  30, "both workers to be registered", logs)
        time.sleep(3)  # more periodic ticks: the jobs run again and must find nothing to do
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(60) for worker in workers]
    assert codes == [0, 0], "\n".join(log.read_text(errors="replace")[-3000:] for log in logs)
    assert [reminders(engine, thread_id) for thread_id in threads] == [1, 1, 1]
    rows = outbox(engine)
    assert len(rows) == 2 * len(threads) + EXTRA_REPLIES
    assert {(row.status, row.attempts) for row in rows} == {("sent", 1)}
    duplicated = _duplicated_ticks(engine)
    assert not duplicated, "a periodic tick was deferred more than once:\n" + "\n".join(duplicated)
    assert _scalar(engine, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'") >= 4
    assert (_done(logs, "hil_reminder"), _done(logs, "outbox_delivery")) == (len(threads), len(rows))
