"""SQLite write serialisation: writers queue in arrival order instead of busy-waiting on SQLite's lock.

SQLite lets one writer in at a time; a second `BEGIN IMMEDIATE` sleeps and retries (busy_timeout back-off of up
to 100 ms a try), so under concurrent clients the wait is long and unfair. Here a transaction first takes a fair
FIFO lock shared by every connection to the same file in this process, then an exclusive `fcntl.flock` on
`<db>-writelock` shared with the other processes (uvicorn workers, `venuedesk worker`), and only then runs
`BEGIN IMMEDIATE`, which finds the database free. Both are released when the transaction ends: commit,
rollback, or the connection closing (returned to the pool broken, invalidated, or its process gone: the kernel
drops a dead process's flock). Processes take turns: a process's next writer waits on `<db>-writegate` while
another process's writer holds that gate waiting for the flock (see WriteLock), so when both have writers queued
they alternate instead of racing for the flock at every release. A commit that changed something is counted, so
the WAL is checkpointed by a background thread after the lock is released (store/wal_checkpoint.py) instead of
inside a writer's COMMIT. A transaction that only reads (`begin_read_only`) opens with a plain deferred BEGIN and
queues for nothing: in WAL mode readers never wait for the writer.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import weakref
from collections import deque
from pathlib import Path

from sqlalchemy.orm import Session

from venuedesk.store.wal_checkpoint import CHECKPOINT_EVERY_COMMITS, checkpoints

READ_ONLY_OPTION = "venuedesk_read_only"  # a connection execution option: BEGIN without queueing for the lock
LOCK_SUFFIX = "-writelock"
GATE_SUFFIX = "-writegate"
DEFAULT_TIMEOUT_SECONDS = 30.0


class FairLock:
    """A non-reentrant lock handed to waiters strictly in arrival order (threading.Lock promises no order)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held = False
        self._waiters: deque[threading.Event] = deque()

    def acquire(self, timeout: float | None = None) -> bool:
        """Wait for the lock behind everyone who asked earlier; False when `timeout` seconds passed first."""
        with self._mutex:
            if not self._held and not self._waiters:
                self._held = True
                return True
            turn = threading.Event()
            self._waiters.append(turn)
        if turn.wait(timeout):
            return True
        with self._mutex:
            if turn.is_set():  # handed over between the timeout and here: it is ours
                return True
            self._waiters.remove(turn)
            return False

    def release(self) -> None:
        """Hand the lock to the longest waiter, or free it."""
        with self._mutex:
            if not self._held:
                raise RuntimeError("release of an unheld FairLock")
            if self._waiters:
                self._waiters.popleft().set()  # stays held: ownership passes to that waiter
            else:
                self._held = False


class WriteLock:
    """One SQLite file's writer lock: the in-process FairLock, then the cross-process flock on `<db>-writelock`.

    Between the two, a process's writer takes the flock on `<db>-writegate` and keeps it only until it has the
    lock: at most one writer per process waits for the lock (the FairLock), so the writer holding the gate is the
    only one waiting and goes in next, and the releasing process's next writer queues on the gate behind it; with
    writers waiting in two processes they alternate, where a bare flock lets whoever runs first take it again.

    The lock file is open only while a transaction holds the lock: an idle WriteLock holds no descriptor, however
    long something keeps its engine alive (a process that builds many apps and engines must not pile them up)."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + LOCK_SUFFIX)
        self.gate = database.with_name(database.name + GATE_SUFFIX)
        self._local = FairLock()
        self._writes = 0
        self._fd: int | None = None
        self._pid = 0

    def acquire(self, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        """Take both locks (sqlite3.OperationalError "database is locked" when this process's queue is not
        through within `timeout`; the flock itself blocks until the other process's writer is done)."""
        if not self._local.acquire(timeout):
            raise sqlite3.OperationalError("database is locked (waited for this process's earlier writers)")
        gate = None
        try:
            gate = os.open(self.gate, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            fcntl.flock(gate, fcntl.LOCK_EX)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._pid = os.getpid()
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._close()
            self._local.release()
            raise
        finally:
            if gate is not None:
                os.close(gate)  # drops the gate: the next process's writer waits for the lock now

    def wrote(self) -> None:
        """Count a committed transaction that changed something (called with the lock held); every
        CHECKPOINT_EVERY_COMMITS of them ask this process's checkpoint thread to checkpoint the WAL."""
        self._writes += 1
        if self._writes % CHECKPOINT_EVERY_COMMITS == 0:
            checkpoints.request(self.database)

    def release(self) -> None:
        """Close the lock file (dropping the flock), then let this process's next writer in."""
        try:
            self._close()
        finally:
            self._local.release()

    def _close(self) -> None:
        """Close this process's lock file (a forked child leaves its parent's open file alone)."""
        fd, self._fd = self._fd, None
        if fd is not None and self._pid == os.getpid():
            os.close(fd)


_locks: weakref.WeakValueDictionary[str, WriteLock] = weakref.WeakValueDictionary()
_locks_guard = threading.Lock()


def write_lock_for(database: str | Path) -> WriteLock:
    """The process-wide WriteLock of a database file (one per real path, shared by every engine on it while any
    engine holds it)."""
    path = Path(os.path.realpath(database))
    with _locks_guard:
        lock = _locks.get(str(path))
        if lock is None:
            lock = _locks[str(path)] = WriteLock(path)
        return lock


class QueuedConnection(sqlite3.Connection):
    """A sqlite3 connection that queues on its file's WriteLock before its transaction begins (`queue_for_write`,
    then the caller runs `BEGIN IMMEDIATE`) and releases it when the transaction ends: commit, rollback, close.
    Pass as `factory=` to sqlite3.connect and set `write_lock` right after connecting."""

    write_lock: WriteLock | None = None
    _holding = False
    _changes_seen = 0

    def queue_for_write(self) -> None:
        """Wait for this file's write lock (once per transaction; a no-op without a lock)."""
        if self.write_lock is not None and not self._holding:
            self.write_lock.acquire()
            self._holding = True

    def write_done(self) -> None:
        """Release the write lock when BEGIN failed (commit, rollback and close release it themselves)."""
        self._release()

    def commit(self) -> None:
        try:
            super().commit()
            if self._holding and self.write_lock is not None and self.total_changes != self._changes_seen:
                self._changes_seen = self.total_changes
                self.write_lock.wrote()
        finally:
            if not self.in_transaction:
                self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            if not self.in_transaction:
                self._release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()

    def _release(self) -> None:
        if self._holding and self.write_lock is not None:
            self._holding = False
            self.write_lock.release()


def begin_read_only(session: Session) -> None:
    """Open `session`'s transaction for reading only: on SQLite a deferred BEGIN that takes no write lock (a job that
    finds nothing to do holds up no writer); elsewhere nothing changes. The caller must not write in it."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection(execution_options={READ_ONLY_OPTION: True})
