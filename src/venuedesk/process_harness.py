"""`venuedesk serve` and `venuedesk worker` as child processes on a fresh database: the harness the benchmarks, the
multi-process race and crash tests and the soak share, so each does not grow its own spawn-wait-stop plumbing.

The database is a temporary SQLite file or a new PostgreSQL schema (reached through `?options=-csearch_path=…`)
dropped afterwards. A process runs in its own session with its own VENUEDESK_HOME, a fixed manager token, the frozen
clock and the offline provider; it can be stopped gracefully (SIGTERM/SIGINT), killed (SIGKILL to its whole process
group, like `kill -9`) and started again on the same port. CPU and RSS are read from /proc.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

CLOCK = "2026-02-02T09:00:00+01:00"
READY_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


@contextmanager
def fresh_database(backend: str, pg_url: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database (the first process migrates and seeds it); a PostgreSQL schema is dropped after."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'venuedesk.sqlite3'}"
        return
    schema = f"vd_proc_{secrets.token_hex(6)}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT", hide_parameters=True)
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


def base_environment(database_url: str, home: Path, manager_token: str, extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without any VENUEDESK_/AGENT_ setting or proxy, plus the child's own; the abuse
    limits are off (`VENUEDESK_LIMITS=off`: the soak, benches and race tests send many turns from one address) unless
    `extra` says otherwise."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("VENUEDESK_", "AGENT_")) and key.lower() not in ("http_proxy", "https_proxy")}
    env.update(VENUEDESK_DATABASE_URL=database_url, VENUEDESK_HOME=str(home), VENUEDESK_CLOCK=CLOCK,
               VENUEDESK_MANAGER_TOKEN=manager_token, AGENT_DEFAULT_PROVIDER="deterministic", VENUEDESK_LIMITS="off")
    env.update(extra)
    return env


class ChildProcess:
    """One venuedesk command in its own session, its output in a log file; stop, kill and start again."""

    def __init__(self, command: list[str], env: dict[str, str], log_path: Path) -> None:
        self.command = command
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start (or start again after a stop or kill); output is appended to the log."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)

    @property
    def pid(self) -> int:
        """The process id of the running command."""
        if self.process is None:
            raise RuntimeError(f"{self.command[1:3]} was never started")
        return self.process.pid

    def running(self) -> bool:
        """Whether the command is still running."""
        return self.process is not None and self.process.poll() is None

    def pids(self) -> list[int]:
        """The process and all its descendants (uvicorn's workers, for example)."""
        return descendants(self.pid) if self.running() else []

    def stop(self, sig: int = signal.SIGINT) -> None:
        """Ask it to stop (`sig`, graceful), then SIGKILL its whole session if it lingers."""
        if self.running():
            assert self.process is not None
            self.process.send_signal(sig)
            try:
                self.process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """`kill -9` the process and everything it started (its process group), and reap it."""
        if self.process is not None and self.process.returncode is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(STOP_TIMEOUT_SECONDS)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the process tree used so far."""
        return sum(process_cpu(pid) for pid in self.pids())

    def rss_bytes(self) -> int:
        """Resident memory of the process tree now."""
        return sum(process_rss(pid) for pid in self.pids())

    def log_tail(self, lines: int = 20) -> str:
        """The last lines of the output."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class ApiProcess(ChildProcess):
    """`venuedesk serve --workers N` on a loopback port (a free one unless given); `base_url`, `wait_ready()`."""

    def __init__(self, executable: Path, database_url: str, folder: Path, *, workers: int = 1,
                 port: int | None = None, manager_token: str | None = None,
                 extra_env: Mapping[str, str] | None = None, name: str = "server") -> None:
        self.workers = workers
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.manager_token = manager_token or f"mgr_{secrets.token_urlsafe(16)}"
        self.payment_secret = secrets.token_hex(16)
        env = base_environment(database_url, folder / "home", self.manager_token,
                               {"VENUEDESK_PAYMENT_SECRET": self.payment_secret, **(extra_env or {})})
        command = [str(executable), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--workers", str(workers)]
        super().__init__(command, env, folder / f"{name}.log")

    def wait_ready(self) -> None:
        """Wait until /readyz answers 200 and every worker process is up; raise with the log tail if not."""
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        expected = 1 if self.workers == 1 else self.workers + 1
        with httpx.Client(base_url=self.base_url, timeout=2.0, trust_env=False) as http:
            while time.monotonic() < deadline:
                if not self.running():
                    raise RuntimeError(f"the server exited:\n{self.log_tail()}")
                try:
                    if http.get("/readyz").status_code == 200 and len(self.pids()) >= expected:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise RuntimeError(f"the server was not ready within {READY_TIMEOUT_SECONDS:.0f} s:\n{self.log_tail()}")


class WorkerProcess(ChildProcess):
    """`venuedesk worker` (procrastinate, PostgreSQL only) running the jobs every `every` seconds."""

    def __init__(self, executable: Path, database_url: str, folder: Path, *, every: int = 1, concurrency: int = 1,
                 extra_env: Mapping[str, str] | None = None, name: str = "worker") -> None:
        env = base_environment(database_url, folder / "home", "unused-by-workers", dict(extra_env or {}))
        command = [str(executable), "worker", "--every", str(every), "--concurrency", str(concurrency),
                   "--name", name]
        super().__init__(command, env, folder / f"{name}.log")


@contextmanager
def database_folder(backend: str, pg_url: str) -> Iterator[tuple[Path, str]]:
    """A temporary folder and a fresh database URL in it (SQLite) or beside it (a PostgreSQL schema)."""
    with tempfile.TemporaryDirectory(prefix="venuedesk-proc-") as name, \
            fresh_database(backend, pg_url, Path(name)) as url:
        yield Path(name), url


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


def process_rss(pid: int) -> int:
    """Resident set size of one process in bytes (0 when it is gone)."""
    fields = _stat_fields(pid)
    return int(fields[21]) * PAGE_BYTES if fields else 0


def all_pids() -> list[int]:
    """Every process id on this machine."""
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]


def descendants(root: int) -> list[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for pid in all_pids():
        fields = _stat_fields(pid)
        if fields:
            children.setdefault(int(fields[1]), []).append(pid)
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found
