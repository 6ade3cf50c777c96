"""SQLite WAL checkpoints in a background thread of each process, outside the write lock.

SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past `wal_autocheckpoint` pages: that
writer copies the WAL into the database and syncs both while it still holds the write lock (store/sqlite_writes.py),
so every queued writer waits behind it (35–190 ms for ~800 pages measured on this machine's disk). Here the write
lock counts the transactions that changed something, and after `CHECKPOINT_EVERY_COMMITS` of them this process's
checkpoint thread runs `PRAGMA wal_checkpoint(PASSIVE)` on a connection of its own, while writers go on appending
to the WAL. The connections keep SQLite's own checkpoint at `SAFETY_NET_PAGES`, far above what the thread leaves
behind, in case the thread falls behind or fails.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

CHECKPOINT_EVERY_COMMITS = 64
SAFETY_NET_PAGES = 10_000
CONNECT_TIMEOUT_SECONDS = 30.0


def checkpoint(database: Path) -> tuple[int, int, int] | None:
    """One passive checkpoint of `database` (busy, WAL frames, frames checkpointed); None when the file is gone
    (never created by the attempt) or SQLite refused."""
    try:
        connection = sqlite3.connect(
            f"{database.as_uri()}?mode=rw",
            uri=True,
            timeout=CONNECT_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error as exc:
        log.warning("WAL checkpoint failed", extra={"database": database.name, "error": str(exc)})
        return None
    finally:
        connection.close()
    return (int(row[0]), int(row[1]), int(row[2])) if row else None


class Checkpointer:
    """This process's checkpoint thread: started at the first request (again in a forked child), idle otherwise."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._pending: list[Path] = []
        self._running = False
        self._thread: threading.Thread | None = None
        self._pid = 0

    def request(self, database: Path) -> None:
        """Checkpoint `database` soon, in the background (a request already queued for it counts once)."""
        with self._cond:
            if self._pid != os.getpid():  # a forked child: the parent's thread did not come along
                self._pid, self._thread, self._pending, self._running = os.getpid(), None, [], False
            if database not in self._pending:
                self._pending.append(database)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def drain(self, timeout: float) -> bool:
        """Wait until every requested checkpoint has run; False when `timeout` seconds passed first."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._running, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._pending))
                database = self._pending.pop(0)
                self._running = True
            try:
                checkpoint(database)
            finally:
                with self._cond:
                    self._running = False
                    self._cond.notify_all()


checkpoints = Checkpointer()
