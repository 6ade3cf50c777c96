"""Crash-test fixtures: a fresh PostgreSQL schema per test, its engine, and factories for `serve` and `worker`
processes on it that are all stopped (killed if they linger) when the test ends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine

from crash_helpers import EXECUTABLE, pg_url, with_faults, worker_env
from venuedesk.process_harness import ApiProcess, ChildProcess, WorkerProcess, database_folder



@pytest.fixture
def crash_db() -> Iterator[tuple[Path, str]]:
    """A temporary folder and the URL of a fresh PostgreSQL schema (dropped afterwards)."""
    with database_folder("postgres", pg_url()) as (folder, url):
        yield folder, url


@pytest.fixture
def crash_engine(crash_db: tuple[Path, str]) -> Iterator[Engine]:
    """An engine on the test's schema, to read the invariants."""
    engine = create_engine(crash_db[1])
    yield engine
    engine.dispose()


@pytest.fixture
def processes() -> Iterator[list[ChildProcess]]:
    """Every process a test started; each is stopped (SIGKILL when it lingers) at the end."""
    started: list[ChildProcess] = []
    yield started
    for process in started:
        process.kill()


@pytest.fixture
def api(crash_db: tuple[Path, str], processes: list[ChildProcess]) -> Callable[..., ApiProcess]:
    """Start a ready `serve` process on the schema with these faults (and extra environment); names must differ."""

    def start(name: str = "server", faults: str | None = None, **extra: Any) -> ApiProcess:
        folder, url = crash_db
        token = processes[0].manager_token if processes and isinstance(processes[0], ApiProcess) else None
        server = ApiProcess(EXECUTABLE, url, folder, name=name, manager_token=token, extra_env=extra)
        with_faults(server, faults)
        processes.append(server)
        server.start()
        server.wait_ready()
        return server

    return start


@pytest.fixture
def worker(crash_db: tuple[Path, str], processes: list[ChildProcess]) -> Callable[..., WorkerProcess]:
    """Start a `worker` process (jobs every second, a 3 s lease) on the schema with these faults."""

    def start(name: str = "worker", faults: str | None = None, **extra: str) -> WorkerProcess:
        folder, url = crash_db
        process = WorkerProcess(EXECUTABLE, url, folder, every=1, name=name, extra_env=worker_env(extra))
        with_faults(process, faults)
        processes.append(process)
        process.start()
        return process

    return start
