"""Two `venuedesk serve` processes on one fresh PostgreSQL database, and HTTP clients that talk to them from many
threads at once: what the race tests (issue 12 part 3) stand on."""

from __future__ import annotations

import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, Select, create_engine, select, text

from postgres_server import postgres_url_or_skip
from venuedesk.process_harness import ApiProcess, database_folder
from venuedesk.store.models import CatalogueRoomRow, ThreadRow

EXECUTABLE = Path(sys.executable).with_name("venuedesk")
ASK = "Workshop for 30 people on 10 March 2026, 09:00-17:00."
ASK_ROOM_B = "Workshop for 30 people on 10 March 2026, 09:00-17:00, in Room B please."
WITH_LUNCH = "We'd like lunch for all guests."
TIMEOUT = 120.0
SETTLE_SECONDS = 1.0


@dataclass
class Cluster:
    """Two API processes on one database (the same manager token), and the database for the store-side setup."""

    servers: tuple[ApiProcess, ApiProcess]
    engine: Engine
    manager_token: str
    _clients: list[httpx.Client] = field(default_factory=list)

    def http(self, index: int = 0, token: str | None = None) -> httpx.Client:
        """A client of process `index % 2` (closed with the cluster), sending `token` as its bearer."""
        server = self.servers[index % 2]
        client = httpx.Client(base_url=server.base_url, timeout=TIMEOUT, trust_env=False,
                              headers={"Authorization": f"Bearer {token}"} if token else None)
        self._clients.append(client)
        return client

    def manager(self, index: int = 0) -> httpx.Client:
        """The manager's client of process `index % 2`."""
        return self.http(index, self.manager_token)

    def client(self, index: int = 0) -> Guest:
        """A new thread opened through process `index % 2`, and its client's HTTP client."""
        opened = self.http(index).post("/api/threads")
        assert opened.status_code == 201, opened.text
        body = opened.json()
        return Guest(self.http(index, body["client_token"]), body["thread_id"])

    def close(self) -> None:
        for client in self._clients:
            client.close()


@dataclass
class Guest:
    """One client's thread and HTTP client."""

    http: httpx.Client
    thread_id: str

    def say(self, text: str, *, key: str | None = None, sender: str | None = None) -> httpx.Response:
        """Post a message (with an Idempotency-Key when given)."""
        headers = {"Idempotency-Key": key} if key else None
        body: dict[str, Any] = {"text": text} if sender is None else {"text": text, "sender": sender}
        return self.http.post(f"/api/threads/{self.thread_id}/messages", json=body, headers=headers)

    def act(self, name: str, args: dict[str, Any], *, key: str | None = None) -> httpx.Response:
        """Post an action (with an Idempotency-Key when given)."""
        headers = {"Idempotency-Key": key} if key else None
        return self.http.post(f"/api/threads/{self.thread_id}/actions", json={"name": name, "args": args},
                              headers=headers)


def postgres_url() -> str:
    """The PostgreSQL server of the tests; the module is skipped without one."""
    return postgres_url_or_skip("the race tests need PostgreSQL: set VENUEDESK_TEST_POSTGRES_URL")


@contextmanager
def cluster() -> Iterator[Cluster]:
    """Two `venuedesk serve` processes started together on a fresh database (migrating and seeding take the
    migration lock, so one does it and the other finds it done); both stopped together and the database dropped
    afterwards."""
    token = f"mgr_{secrets.token_urlsafe(16)}"
    with ExitStack() as stack:
        folder, url = stack.enter_context(database_folder("postgres", postgres_url()))
        servers = [ApiProcess(EXECUTABLE, url, folder, manager_token=token, name=name) for name in ("api-a", "api-b")]
        stack.callback(_stop_all, servers)
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready()
        engine = create_engine(url)
        stack.callback(engine.dispose)
        running = Cluster((servers[0], servers[1]), engine, token)
        stack.callback(running.close)
        yield running


def _stop_all(servers: list[ApiProcess]) -> None:
    """Ask every server to stop at once, then wait for each (a lingering one is killed)."""
    for server in servers:
        if server.running():
            assert server.process is not None
            server.process.send_signal(signal.SIGINT)
    for server in servers:
        server.stop()


def each_at_once(works: list[Callable[[], Any]]) -> list[Any]:
    """Run every callable on its own thread, all released together; their results in order (an exception, or a
    thread still running after the timeout, fails the test)."""
    barrier = threading.Barrier(len(works))
    results: list[Any] = [None] * len(works)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = works[index]()
        except BaseException as exc:  # re-raised below on the test thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a request did not come back"
    assert not errors, errors
    return results


@contextmanager
def holding_room(engine: Engine, room_id: str) -> Iterator[Callable[[], int]]:
    """Hold the lock every `room_hold` on the room queues on (its catalogue row) until the block ends; yields a
    probe counting the sessions that wait behind it. Holding it while many clients ask for the room makes every
    one of them read the rooms before the first hold is committed: the widest race, on any machine, instead of
    whatever overlap the scheduler happens to give."""
    with holding(engine, select(CatalogueRoomRow.id).where(CatalogueRoomRow.id == room_id)) as waiting:
        yield waiting


@contextmanager
def holding_threads(engine: Engine, thread_ids: list[str]) -> Iterator[Callable[[], int]]:
    """Hold the turn locks of the threads (their rows) until the block ends, so requests on them start together
    when it ends; yields a probe counting the sessions that wait behind it."""
    with holding(engine, select(ThreadRow.id).where(ThreadRow.id.in_(thread_ids))) as waiting:
        yield waiting


@contextmanager
def holding(engine: Engine, rows: Select[Any]) -> Iterator[Callable[[], int]]:
    """Lock `rows` (FOR UPDATE) until the block ends; yields a probe counting the sessions waiting behind the lock,
    directly or behind another waiter."""
    with engine.connect() as connection, connection.begin():
        connection.execute(rows.with_for_update())
        me = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()

        def waiting() -> int:
            connection.execute(text("SELECT pg_stat_clear_snapshot()"))  # else the first read holds for the block
            rows = connection.execute(text(
                "SELECT pid, pg_blocking_pids(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")).all()
            behind, grew = {me}, True
            while grew:
                found = {pid for pid, blockers in rows if set(blockers) & behind}
                grew = not found <= behind
                behind |= found
            return len(behind) - 1

        yield waiting


def settle(count: Callable[[], int], target: int, timeout: float = TIMEOUT) -> int:
    """Poll `count` until it reaches `target` or stops growing for a second (the servers' connection pools may
    admit fewer); the last count."""
    deadline = time.monotonic() + timeout
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = count()
        if now >= target:
            return now
        if now != last:
            last, since = now, time.monotonic()
        elif now > 0 and time.monotonic() - since >= SETTLE_SECONDS:
            return now
        time.sleep(0.05)
    return last
