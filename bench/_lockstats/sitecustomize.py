"""Bench-only lock meter: with VENUEDESK_BENCH_LOCKSTATS=<folder> set, every process that imports this (through
PYTHONPATH) counts its SQLite write-lock acquisitions (`store/sqlite_writes.WriteLock`) by who asked (the in-process
job named by its module and function, or `request` for any other thread) with the time waited and held, and writes
the totals to `<folder>/<pid>.json` twice a second, so the HTTP benchmark can count acquisitions per turn.
"""

from __future__ import annotations

import os

_FOLDER = os.environ.get("VENUEDESK_BENCH_LOCKSTATS")
_JOBS_THREAD = "venuedesk-jobs"


def _who() -> str:
    """`request`, or `job:<module>.<function>` of the innermost job frame asking for the lock."""
    import sys
    import threading

    if threading.current_thread().name != _JOBS_THREAD:
        return "request"
    frame = sys._getframe(2)
    while frame is not None:
        path = frame.f_code.co_filename
        if "/venuedesk/jobs/" in path and not path.endswith(("/base.py", "/scheduler.py", "/inprocess.py")):
            return f"job:{os.path.basename(path)[:-3]}.{frame.f_code.co_name}"
        frame = frame.f_back
    return "job:other"


def _install(folder: str) -> None:
    """Wrap WriteLock.acquire / release and start the writer thread."""
    import json
    import threading
    import time

    from venuedesk.store import sqlite_writes

    totals: dict[str, list[float]] = {}  # who → [acquisitions, seconds waited, seconds held]
    guard = threading.Lock()
    acquire, release = sqlite_writes.WriteLock.acquire, sqlite_writes.WriteLock.release

    def counted_acquire(self: sqlite_writes.WriteLock, *args: object, **kwargs: object) -> None:
        who, asked = _who(), time.perf_counter()
        acquire(self, *args, **kwargs)  # type: ignore[arg-type]
        got = time.perf_counter()
        self._bench_held = (who, got)  # type: ignore[attr-defined]
        with guard:
            entry = totals.setdefault(who, [0, 0.0, 0.0])
            entry[0] += 1
            entry[1] += got - asked

    def counted_release(self: sqlite_writes.WriteLock) -> None:
        who, got = getattr(self, "_bench_held", ("unknown", time.perf_counter()))
        with guard:
            totals.setdefault(who, [0, 0.0, 0.0])[2] += time.perf_counter() - got
        release(self)

    sqlite_writes.WriteLock.acquire = counted_acquire  # type: ignore[method-assign]
    sqlite_writes.WriteLock.release = counted_release  # type: ignore[method-assign]
    path = os.path.join(folder, f"{os.getpid()}.json")

    def write() -> None:
        while True:
            time.sleep(0.5)
            with guard:
                text = json.dumps(totals)
            with open(path + ".tmp", "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(path + ".tmp", path)

    threading.Thread(target=write, name="bench-lockstats", daemon=True).start()


if _FOLDER:
    _install(_FOLDER)
