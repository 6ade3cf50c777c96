"""The server under test for the HTTP benchmarks: `venuedesk serve --workers N` on a fresh database (the shared
`venuedesk.process_harness`; on PostgreSQL a database of its own), and CPU metering from /proc of the PostgreSQL
processes serving that database and of the whole machine.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from venuedesk.process_harness import ApiProcess, all_pids, database_folder, process_cpu

POLL_SECONDS = 0.25
TICKS = os.sysconf("SC_CLK_TCK")
# A client backend's title: `postgres: [cluster: ]user database host(port) activity` (or `[local]` for a socket).
_BACKEND_TITLE = re.compile(r"^postgres: (?:\S+: )?(?P<user>\S+) (?P<database>\S+) (?:\S+\(\d+\)|\[local\])")


@contextmanager
def running_server(executable: Path, backend: str, pg_url: str, workers: int,
                   extra_env: dict[str, str] | None = None) -> Iterator[ApiProcess]:
    """A ready server on a fresh database (`extra_env` added to its environment); stopped and its database removed
    afterwards."""
    with _bench_database(backend, pg_url) as (folder, url):
        server = ApiProcess(executable, url, folder, workers=workers, extra_env=extra_env)
        server.start()
        try:
            server.wait_ready()
            yield server
        finally:
            server.stop()


@contextmanager
def _bench_database(backend: str, pg_url: str) -> Iterator[tuple[Path, str]]:
    """A temporary folder and a fresh database URL; on PostgreSQL a database of its own (not a schema of the shared
    one), so that `PostgresMeter` can tell the bench's backends from other clients' by their process title."""
    if backend != "postgres":
        with database_folder(backend, pg_url) as pair:
            yield pair
        return
    name = f"vd_bench_{secrets.token_hex(6)}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        with tempfile.TemporaryDirectory(prefix="venuedesk-bench-") as folder:
            yield Path(folder), make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def database_of(server: ApiProcess) -> str:
    """The PostgreSQL database the server uses (from its VENUEDESK_DATABASE_URL)."""
    return make_url(server.env["VENUEDESK_DATABASE_URL"]).database or ""


def _postgres_processes() -> dict[int, str]:
    """Every PostgreSQL process on this machine and its process title (`postgres: 15/main: user db host(port) idle`)."""
    found = {}
    for pid in all_pids():
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() != "postgres":
                continue
            found[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
    return found


def _group(title: str, database: str) -> str:
    """`mine` (a client backend of `database`), `other` (another database's) or `shared` (postmaster, writers, …)."""
    backend = _BACKEND_TITLE.match(title)
    if backend is None:
        return "shared"
    return "mine" if backend["database"] == database else "other"


class PostgresMeter:
    """CPU seconds PostgreSQL spends for one database from `start()` to `stop()`, sampled every `POLL_SECONDS`.

    Client backends are told apart by the database in their process title: those of `database` count in full,
    other databases' not at all. The processes every database shares (postmaster, checkpointer, background writer,
    walwriter, autovacuum) are attributed in proportion: their growth times this database's share of all client
    backends' CPU over the window. Backends come and go (the server's pools open and close connections), and an
    exited process takes its CPU time with it, so each process's last reading is kept and only its growth is added
    up; what a backend spends after its last sample before it exits is missed (at most one poll interval's worth).
    """

    def __init__(self, database: str) -> None:
        self.database = database
        self.parts: dict[str, float] = {}
        self._groups: dict[int, str] = {}
        self._baseline: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="postgres-meter", daemon=True)

    def start(self) -> None:
        """Take the baseline and start polling."""
        self._sample()
        self._baseline = dict(self._last)
        self._thread.start()

    def stop(self) -> float:
        """Stop polling; the CPU seconds attributed to the database since `start()` (`parts` has the groups)."""
        self._stop.set()
        self._thread.join()
        self._sample()
        self.parts = {"mine": 0.0, "other": 0.0, "shared": 0.0}
        for pid, cpu in self._last.items():
            self.parts[self._groups[pid]] += cpu - self._baseline.get(pid, 0.0)
        backends = self.parts["mine"] + self.parts["other"]
        share = self.parts["mine"] / backends if backends else 0.0
        return self.parts["mine"] + share * self.parts["shared"]

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self._sample()

    def _sample(self) -> None:
        for pid, title in _postgres_processes().items():
            self._groups.setdefault(pid, _group(title, self.database))
            cpu = process_cpu(pid)
            if cpu >= self._last.get(pid, 0.0):
                self._last[pid] = cpu


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, summed over its CPUs (/proc/stat)."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])  # without guest time, which is already counted in user
    return (total - idle) / TICKS, total / TICKS
