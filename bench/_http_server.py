"""The server under test: a fresh database, `venuedesk serve --workers 2` as a subprocess, CPU from /proc.

The database is a temporary SQLite file, or a new PostgreSQL schema (reached by every worker through
`?options=-csearch_path=...`) dropped afterwards. The server listens on a free loopback port, with its own
VENUEDESK_HOME, a fixed manager token, the frozen clock and the deterministic (offline) provider; it runs
in its own session so that it and its workers can be stopped together. CPU time is read from /proc
(utime + stime of a process tree, of the PostgreSQL processes, and of the whole machine).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

CLOCK = "2026-02-02T09:00:00+01:00"
READY_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0
TICKS = os.sysconf("SC_CLK_TCK")
POLL_SECONDS = 0.25


@contextmanager
def fresh_database(backend: str, pg_url: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database for the server (it migrates and seeds it itself on start)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    schema = f"vd_http_{secrets.token_hex(6)}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        parsed = make_url(pg_url)
        yield parsed.set(query=dict(parsed.query, options=f"-csearch_path={schema}")).render_as_string(
            hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`venuedesk serve --workers N` on a free loopback port; `base_url`, `pids()` and `cpu_seconds()`."""

    def __init__(self, executable: Path, database_url: str, workers: int, folder: Path) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "server.log"
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("VENUEDESK_", "AGENT_")) and key.lower() not in ("http_proxy", "https_proxy")}
        self.manager_token = f"mgr_{secrets.token_urlsafe(16)}"
        self.payment_secret = secrets.token_hex(16)
        env.update(VENUEDESK_DATABASE_URL=database_url, VENUEDESK_HOME=str(folder / "home"), VENUEDESK_CLOCK=CLOCK,
                   VENUEDESK_MANAGER_TOKEN=self.manager_token, VENUEDESK_PAYMENT_SECRET=self.payment_secret,
                   AGENT_DEFAULT_PROVIDER="deterministic")
        self.command = [str(executable), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                        "--workers", str(workers)]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(self.command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_ready(self, workers: int) -> None:
        """Wait until /readyz answers 200 and every worker process is up; raise with the log tail if not."""
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        with httpx.Client(base_url=self.base_url, timeout=2.0, trust_env=False) as http:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited ({self.process.returncode}):\n{self.log_tail()}")
                try:
                    if http.get("/readyz").status_code == 200 and len(self.pids()) > workers:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
        raise RuntimeError(f"the server was not ready within {READY_TIMEOUT_SECONDS:.0f} s:\n{self.log_tail()}")

    def pids(self) -> list[int]:
        """The server process and all its descendants (the uvicorn workers)."""
        return descendants(self.process.pid)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server and its workers used so far."""
        return sum(process_cpu(pid) for pid in self.pids())

    def stop(self) -> None:
        """SIGINT (uvicorn stops its workers), then SIGKILL to the server's own session if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(STOP_TIMEOUT_SECONDS)

    def log_tail(self, lines: int = 20) -> str:
        """The last lines of the server's output."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@contextmanager
def running_server(executable: Path, backend: str, pg_url: str, workers: int) -> Iterator[Server]:
    """A ready server on a fresh database; stopped and its database removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="venuedesk-http-") as name, \
            fresh_database(backend, pg_url, Path(name)) as url:
        server = Server(executable, url, workers, Path(name))
        try:
            server.wait_ready(workers)
            yield server
        finally:
            server.stop()


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (None when the process is gone)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw.rsplit(")", 1)[1].split()


def process_cpu(pid: int) -> float:
    """utime + stime of one process in seconds (0 when it is gone)."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS if fields else 0.0


def _all_pids() -> list[int]:
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]


def descendants(root: int) -> list[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for pid in _all_pids():
        fields = _stat_fields(pid)
        if fields:
            children.setdefault(int(fields[1]), []).append(pid)
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def _postgres_pids() -> list[int]:
    """Every process named `postgres` (the server and its backends) on this machine."""
    found = []
    for pid in _all_pids():
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
