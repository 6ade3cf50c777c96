"""The server under test for the HTTP benchmarks: `venuedesk serve --workers N` on a fresh database (the shared
`venuedesk.process_harness`), and CPU metering of the PostgreSQL processes and of the whole machine from /proc.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from venuedesk.process_harness import ApiProcess, all_pids, database_folder, process_cpu

POLL_SECONDS = 0.25
TICKS = os.sysconf("SC_CLK_TCK")


@contextmanager
def running_server(executable: Path, backend: str, pg_url: str, workers: int) -> Iterator[ApiProcess]:
    """A ready server on a fresh database; stopped and its database removed afterwards."""
    with database_folder(backend, pg_url) as (folder, url):
        server = ApiProcess(executable, url, folder, workers=workers)
        server.start()
        try:
            server.wait_ready()
            yield server
        finally:
            server.stop()


def _postgres_pids() -> list[int]:
    """Every process named `postgres` (the server and its backends) on this machine."""
    found = []
    for pid in all_pids():
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            continue
        if name == "postgres" or name.startswith("postgres:"):
            found.append(pid)
    return found


class PostgresMeter:
    """CPU seconds of the PostgreSQL processes from `start()` to `stop()`, sampled every `POLL_SECONDS`.

    Backends come and go (the server's pools open and close connections), and an exited process takes
    its CPU time with it, so each process's last reading is kept and only its growth is added up; what a
    backend spends after its last sample before it exits is missed (at most one poll interval's worth).
    """

    def __init__(self) -> None:
        self._baseline: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="postgres-meter", daemon=True)

    def start(self) -> None:
        """Take the baseline and start polling."""
        self._baseline = {pid: process_cpu(pid) for pid in _postgres_pids()}
        self._last = dict(self._baseline)
        self._thread.start()

    def stop(self) -> float:
        """Stop polling; the CPU seconds used since `start()`."""
        self._stop.set()
        self._thread.join()
        self._sample()
        return sum(cpu - self._baseline.get(pid, 0.0) for pid, cpu in self._last.items())

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self._sample()

    def _sample(self) -> None:
        for pid in _postgres_pids():
            cpu = process_cpu(pid)
            if cpu >= self._last.get(pid, 0.0):
                self._last[pid] = cpu


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, summed over its CPUs (/proc/stat)."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])  # without guest time, which is already counted in user
    return (total - idle) / TICKS, total / TICKS
