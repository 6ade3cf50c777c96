"""SQLite writers queue on a fair in-process lock and a cross-process flock, released when the transaction ends."""

from __future__ import annotations

import fcntl
import gc
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from venuedesk.clock import FrozenClock
from venuedesk.store.db import make_engine
from venuedesk.store.sqlite_writes import FairLock, WriteLock, write_lock_for
from venuedesk.store.uow import UnitOfWork, make_session_factory

HOLDER = """
import sys
from venuedesk.store.db import make_engine
engine = make_engine(sys.argv[1])
with engine.begin() as connection:
    connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    print("holding", flush=True)
    sys.stdin.readline()
print("committed", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "db.sqlite3"


@pytest.fixture
def engine(database: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{database}")
    yield engine
    engine.dispose()


def _flock_is_free(path: str) -> bool:
    """Whether another open file could take the exclusive flock on `path` right now."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def lock_file_is_free(database: Path) -> bool:
    """Whether another open file could take the database's writer flock right now."""
    return _flock_is_free(f"{database}-writelock")


def gate_is_free(database: Path) -> bool:
    """Whether no writer of any process holds the database's gate (is waiting for the lock) right now."""
    return _flock_is_free(f"{database}-writegate")


def gate_taken(database: Path) -> None:
    """Block until a writer holds the database's gate (fails after 10 s)."""
    for _ in range(10_000):
        if not gate_is_free(database):
            return
        time.sleep(0.001)
    raise AssertionError("no writer took the gate")


def wait_for_waiters(lock: FairLock, count: int) -> None:
    """Block until `count` threads are queued on the lock (so the test controls the arrival order)."""
    while len(lock._waiters) < count:
        time.sleep(0.001)


def test_the_fair_lock_is_handed_over_in_arrival_order() -> None:
    lock, order = FairLock(), []
    assert lock.acquire()

    def waiter(name: int) -> None:
        lock.acquire()
        order.append(name)
        lock.release()

    threads = []
    for name in range(5):
        threads.append(threading.Thread(target=waiter, args=(name,)))
        threads[-1].start()
        wait_for_waiters(lock, name + 1)
    lock.release()
    for thread in threads:
        thread.join(10)
    assert order == [0, 1, 2, 3, 4]


def test_a_waiter_that_gives_up_leaves_the_queue() -> None:
    lock = FairLock()
    assert lock.acquire()
    assert lock.acquire(timeout=0.01) is False
    lock.release()
    assert lock.acquire(timeout=0)


def test_this_processes_queue_not_through_in_time_is_database_is_locked(database: Path) -> None:
    lock = write_lock_for(database)
    lock.acquire()
    try:
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            lock.acquire(timeout=0.01)
    finally:
        lock.release()


def test_a_transaction_holds_the_file_lock_until_commit(engine: Engine, database: Path) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        assert not lock_file_is_free(database)
    assert lock_file_is_free(database)


def test_an_exception_rolls_back_and_releases_the_lock(engine: Engine, database: Path) -> None:
    with pytest.raises(ZeroDivisionError), engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        1 / 0  # noqa: B018
    assert lock_file_is_free(database)
    with engine.begin() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 't'").scalar() == 0


def test_an_invalidated_connection_releases_the_lock(engine: Engine, database: Path) -> None:
    connection = engine.connect()
    connection.exec_driver_sql("SELECT 1")
    assert not lock_file_is_free(database)
    connection.invalidate()
    connection.close()
    assert lock_file_is_free(database)


def test_a_read_only_unit_of_work_reads_while_another_writer_holds_the_lock(engine: Engine, database: Path) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
    sessions = make_session_factory(engine)
    with engine.begin() as writer:
        writer.exec_driver_sql("INSERT INTO t VALUES (2)")
        with UnitOfWork(sessions, FrozenClock(), read_only=True) as uow:
            assert uow.session.connection().exec_driver_sql("SELECT count(*) FROM t").scalar() == 1
        assert not lock_file_is_free(database)  # still the writer's


def test_a_read_only_unit_of_work_cannot_commit(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with UnitOfWork(sessions, FrozenClock(), read_only=True) as uow, \
            pytest.raises(RuntimeError, match="read-only"):
        uow.commit()


def test_a_writer_in_another_process_holds_the_lock_until_it_commits(database: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, f"sqlite:///{database}"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert not lock_file_is_free(database)
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "committed"
        assert lock_file_is_free(database)
    finally:
        holder.stdin.close()
        holder.wait(30)


def test_a_writer_waits_for_the_other_process_then_goes_in(database: Path, engine: Engine) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, f"sqlite:///{database}"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdin is not None and holder.stdout is not None
    seen: list[str] = []
    try:
        assert holder.stdout.readline().strip() == "holding"

        def write() -> None:
            with engine.begin() as connection:
                connection.exec_driver_sql("INSERT INTO t VALUES (1)")
            seen.append("wrote")

        writer = threading.Thread(target=write)
        writer.start()
        holder.stdin.write("\n")
        holder.stdin.flush()
        writer.join(30)
    finally:
        holder.stdin.close()
        holder.wait(30)
    assert seen == ["wrote"]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1


def test_the_lock_file_is_closed_when_no_engine_uses_the_database(database: Path) -> None:
    engine = make_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT 1")
    lock_file = os.path.realpath(f"{database}-writelock")
    engine.dispose()
    del engine, connection
    gc.collect()
    assert all(os.path.realpath(f"/proc/self/fd/{fd}") != lock_file for fd in os.listdir("/proc/self/fd"))


def test_the_lock_file_is_closed_when_the_transaction_ends_while_the_engine_lives(engine: Engine,
                                                                                   database: Path) -> None:
    lock_file = os.path.realpath(f"{database}-writelock")
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT 1")
    assert all(os.path.realpath(f"/proc/self/fd/{fd}") != lock_file for fd in os.listdir("/proc/self/fd"))


def test_writers_queued_in_two_processes_take_turns(database: Path) -> None:
    first, second = WriteLock(database), WriteLock(database)  # two processes' locks: own queues, own flocks
    order: list[str] = []

    def writer(lock: WriteLock, name: str) -> None:
        lock.acquire()
        order.append(name)
        if name == "second-1":  # first-2 takes the gate while second-1 writes
            gate_taken(database)
        lock.release()

    first.acquire()
    threads = [threading.Thread(target=writer, args=(second, "second-1"))]
    threads[0].start()
    gate_taken(database)  # second-1 holds the gate, waiting for the lock
    for lock, name in ((first, "first-2"), (second, "second-2")):
        threads.append(threading.Thread(target=writer, args=(lock, name)))
        threads[-1].start()
        wait_for_waiters(lock._local, 1)
    first.release()
    for thread in threads:
        thread.join(10)
    assert order == ["second-1", "first-2", "second-2"]
