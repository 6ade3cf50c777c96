"""On PostgreSQL two `venuedesk worker` processes (procrastinate) run the hold jobs at the same time: each lapsed
hold is released and its client told exactly once, and the 2nd option behind one is promoted exactly once."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

import venuedesk
from holds_helpers import EXPIRED_EN, EXPIRY, MINUTE, PROMOTED_EN, count, event_id, options, queued_behind
from jobs_helpers import waiting_on_manager
from venuedesk.workflow.desk import Desk

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("database_url", ["postgres"], indirect=True)]
SOURCES = Path(venuedesk.__file__).resolve().parents[1]


def _start_worker(name: str, database_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, VENUEDESK_DATABASE_URL=database_url, PYTHONPATH=str(SOURCES), VENUEDESK_LOG_LEVEL="info",
               VENUEDESK_CLOCK=(EXPIRY + MINUTE).isoformat())
    command = [sys.executable, "-m", "venuedesk.cli", "worker", "--every", "1", "--name", name]
    return subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def _scalar(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar() or 0)


def _wait_for(condition: Callable[[], bool], timeout: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    output = "\n".join(log.read_text(errors="replace")[-3000:] for log in logs)
    pytest.fail(f"timed out after {timeout} s waiting for {what}; worker output:\n{output}")


def _done(logs: list[Path], job: str) -> int:
    pattern = re.compile(rf"job {job}: (\d+) done")
    return sum(int(n) for log in logs for n in pattern.findall(log.read_text(errors="replace")))


def test_two_worker_processes_expire_each_hold_and_promote_the_2nd_option_exactly_once(
    desk: Desk, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    holders = [waiting_on_manager(desk, day) for day in (10, 11, 12)]
    second = queued_behind(desk, day=10)
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [_start_worker(f"w{i}", database_url, log) for i, log in enumerate(logs, 1)]
    try:
        _wait_for(lambda: _scalar(engine, "SELECT count(*) FROM second_options WHERE status = 'promoted'") == 1,
                  90, "the 2nd option to be promoted", logs)
        _wait_for(lambda: _scalar(engine, "SELECT count(*) FROM outbox WHERE status <> 'sent'") == 0,
                  90, "every reply to be delivered", logs)
        time.sleep(3)  # more periodic ticks: the jobs run again and must find nothing to do
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(60) for worker in workers]
    assert codes == [0, 0], "\n".join(log.read_text(errors="replace")[-3000:] for log in logs)
    assert [count(engine, thread_id, EXPIRED_EN) for thread_id in holders] == [1, 1, 1]
    assert count(engine, second, PROMOTED_EN) == 1
    assert options(engine) == [(event_id(second), "promoted")]
    assert _done(logs, "option_expiry") == len(holders)
    assert [desk.event_view(thread_id)["locked_room_id"] for thread_id in holders] == [None, None, None]
    assert desk.event_view(second)["locked_room_id"] == "room-b"
