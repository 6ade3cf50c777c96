"""The soak: a bounded load of whole booking conversations over HTTP (loopback only) spread over two API processes
and one `venuedesk worker` on one PostgreSQL, that then checks what a long run breaks first: errors, lost or
duplicated messages (every client message and action must have exactly one stored client line and one desk reply
in the database), memory that keeps growing (RSS of each process sampled; growth after warm-up < 10 %) and
latency drifting upwards (p99 per minute). `make soak` runs it for 10 minutes (bench/soak.py), CI for ~40 s
(tests/integration/horizontal/).
"""

from __future__ import annotations

import secrets
import signal
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from venuedesk.process_harness import ApiProcess, ChildProcess, WorkerProcess, database_folder
from venuedesk.round_robin import RoundRobin
from venuedesk.soak_flow import Conversation, Credentials, FlowError, Sent, converse
from venuedesk.soak_slots import SlotPool

RSS_GROWTH_LIMIT = 0.10
SAMPLE_EVERY_SECONDS = 2.0
BOOK_EVERY = 4  # one conversation in four goes on to Confirmed; the others decline, which frees the room


@dataclass
class Cluster:
    """The processes of one soak on one database: API processes, workers, and what every client needs."""

    database_url: str
    apis: list[ApiProcess]
    workers: list[WorkerProcess]
    credentials: Credentials

    @property
    def processes(self) -> dict[str, ChildProcess]:
        """Every process by its log name."""
        named: list[ChildProcess] = [*self.apis, *self.workers]
        return {process.log_path.stem: process for process in named}

    def client(self) -> RoundRobin:
        """A round-robin client over the API processes."""
        return RoundRobin([api.base_url for api in self.apis])


@contextmanager
def cluster(executable: Path, pg_url: str, *, apis: int = 2, workers: int = 1,
            first_api_workers: int = 1, catalogue_check_seconds: float = 1.0) -> Iterator[Cluster]:
    """`apis` API processes (the first one `serve --workers first_api_workers`) and `workers` job workers on a fresh
    PostgreSQL schema, sharing the manager token and payment secret, each checking the catalogue revision every
    `catalogue_check_seconds`; all stopped (and the schema dropped) afterwards."""
    credentials = Credentials(f"mgr_{secrets.token_urlsafe(16)}", secrets.token_hex(16))
    shared = {"VENUEDESK_PAYMENT_SECRET": credentials.payment_secret,
              "VENUEDESK_CATALOGUE_CHECK_SECONDS": str(catalogue_check_seconds)}
    with database_folder("postgres", pg_url) as (folder, url), ExitStack() as stack:
        api_processes = [ApiProcess(executable, url, folder, manager_token=credentials.manager_token,
                                    workers=first_api_workers if index == 0 else 1, extra_env=shared,
                                    name=f"api-{index + 1}") for index in range(apis)]
        first, *rest = api_processes
        stack.callback(first.stop)
        first.start()
        first.wait_ready()  # the first process migrates and seeds; the others start on a ready database
        for api in rest:
            stack.callback(api.stop)
            api.start()
        for api in rest:
            api.wait_ready()
        worker_processes = [WorkerProcess(executable, url, folder, extra_env=shared, name=f"worker-{index + 1}")
                            for index in range(workers)]
        for worker in worker_processes:
            stack.callback(worker.stop)
            worker.start()
        yield Cluster(url, api_processes, worker_processes, credentials)


def rolling_restart(group: Cluster) -> None:
    """Restart every process one at a time as a release does: SIGTERM (graceful), start, and for an API process
    wait until `/readyz` answers 200 before the next one."""
    for api in group.apis:
        api.stop(signal.SIGTERM)
        api.start()
        api.wait_ready()
    for worker in group.workers:
        worker.stop(signal.SIGTERM)
        worker.start()


@dataclass
class SoakResult:
    """What a soak measured and found."""

    seconds: float
    conversations: int = 0
    confirmed: int = 0
    turns: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0
    refused_and_retried: int = 0
    p99_ms_by_minute: list[tuple[int, float, int]] = field(default_factory=list)
    rss_mib: dict[str, tuple[float, float]] = field(default_factory=dict)

    def rss_growth(self, name: str) -> float:
        """Growth of a process's RSS from the end of the warm-up to the end of the run, as a fraction."""
        start, end = self.rss_mib[name]
        return (end - start) / start if start else 0.0

    def problems(self) -> list[str]:
        """Every way the run failed its checks ([] when it passed)."""
        found = [f"{len(self.errors)} errors, e.g. {self.errors[0]}"] if self.errors else []
        if self.lost or self.duplicated:
            found.append(f"{self.lost} messages without a stored reply, {self.duplicated} stored more than once")
        found += [f"{name}: RSS grew {self.rss_growth(name):.1%} (limit {RSS_GROWTH_LIMIT:.0%})"
                  for name in self.rss_mib if self.rss_growth(name) >= RSS_GROWTH_LIMIT]
        if not self.conversations:
            found.append("no conversation finished")
        return found


class RssSampler:
    """Samples the RSS of each process every few seconds on its own thread."""

    def __init__(self, processes: dict[str, ChildProcess]) -> None:
        self.processes = processes
        self.samples: dict[str, list[tuple[float, int]]] = defaultdict(list)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="soak-rss", daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            for name, process in self.processes.items():
                self.samples[name].append((now, process.rss_bytes()))
            self._stop.wait(SAMPLE_EVERY_SECONDS)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def growth_window(self, warm_until: float) -> dict[str, tuple[float, float]]:
        """Per process: the RSS (MiB) at the first sample after the warm-up and at the last sample."""
        window: dict[str, tuple[float, float]] = {}
        for name, samples in self.samples.items():
            after = [rss for at, rss in samples if at >= warm_until] or [samples[-1][1]]
            window[name] = (after[0] / 2**20, samples[-1][1] / 2**20)
        return window


@dataclass
class Load:
    """What a load run did: the conversations finished, the errors, the refused connections sent elsewhere."""

    conversations: list[Conversation]
    errors: list[str]
    refused: int


def load(group: Cluster, clients: int, pool: SlotPool, keep_going: Callable[[], bool]) -> Load:
    """`clients` threads each playing conversations one after another while `keep_going()` says so."""
    done: list[Conversation] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(10**9))

    def client_loop(http: RoundRobin) -> None:
        while keep_going():
            with lock:
                index = next(counter)
            book = index % BOOK_EVERY == 0 and pool.spare() > clients * 2
            with pool.slot() as (day, room):
                try:
                    conversation = converse(http, group.credentials, day, room, book=book)
                except (FlowError, KeyError, TypeError, ValueError, OSError) as exc:
                    with lock:
                        errors.append(f"{day} {room}: {type(exc).__name__}: {str(exc)[:300]}")
                    continue
                if book and conversation.status == "Confirmed":
                    pool.consume(day, room)
            with lock:
                done.append(conversation)

    with group.client() as http:
        threads = [threading.Thread(target=client_loop, args=(http,), name=f"soak-client-{n}")
                   for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return Load(done, errors, http.refused)


def count_replies(database_url: str, sent: Sequence[Sent]) -> tuple[int, int]:
    """(lost, duplicated): sends without exactly one stored client line and one desk reply of their turn, and
    client lines stored beyond what was sent."""
    from sqlalchemy import create_engine, text

    stored: dict[tuple[str, str, str], int] = defaultdict(int)
    clients_per_thread: dict[str, int] = defaultdict(int)
    engine = create_engine(database_url, hide_parameters=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT thread_id, turn_id, role, count(*) FROM messages "
                                           "WHERE role IN ('client', 'desk') GROUP BY thread_id, turn_id, role"))
            for thread_id, turn_id, role, count in rows:
                stored[(thread_id, turn_id, role)] = count
                if role == "client":
                    clients_per_thread[thread_id] += count
    finally:
        engine.dispose()
    lost = sum(1 for item in sent if not stored[(item.thread_id, item.turn_id, "client")]
               or not stored[(item.thread_id, item.turn_id, "desk")])
    duplicated = sum(1 for item in sent if stored[(item.thread_id, item.turn_id, "client")] > 1
                     or stored[(item.thread_id, item.turn_id, "desk")] > 1)
    sent_per_thread: dict[str, int] = defaultdict(int)
    for item in sent:
        sent_per_thread[item.thread_id] += 1
    duplicated += sum(max(0, clients_per_thread[thread] - count) for thread, count in sent_per_thread.items())
    return lost, duplicated


def p99_by_minute(conversations: Sequence[Conversation], started: float) -> list[tuple[int, float, int]]:
    """(minute, p99 ms, requests) for each minute of the run, by when each request was sent."""
    minutes: dict[int, list[float]] = defaultdict(list)
    for conversation in conversations:
        for at, seconds in conversation.latencies:
            minutes[int((at - started) // 60)].append(seconds)
    rows = []
    for minute in sorted(minutes):
        ordered = sorted(minutes[minute])
        rows.append((minute + 1, ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000, len(ordered)))
    return rows


def run_soak(group: Cluster, seconds: float, *, clients: int = 4, warm_up: float | None = None) -> SoakResult:
    """Load `group` for `seconds` with `clients` concurrent conversations, then check and measure."""
    warm = warm_up if warm_up is not None else min(60.0, seconds / 4)
    started = time.monotonic()
    with RssSampler(group.processes) as sampler:
        done = load(group, clients, SlotPool(), lambda: time.monotonic() - started < seconds)
    result = checked(group, done, time.monotonic() - started)
    result.p99_ms_by_minute = p99_by_minute(done.conversations, started)
    result.rss_mib = sampler.growth_window(started + warm)
    return result


def checked(group: Cluster, done: Load, seconds: float) -> SoakResult:
    """The counts of a load run, with its replies counted in the database."""
    sent = [item for conversation in done.conversations for item in conversation.sent]
    lost, duplicated = count_replies(group.database_url, sent)
    return SoakResult(
        seconds=seconds, conversations=len(done.conversations),
        confirmed=sum(1 for conversation in done.conversations if conversation.status == "Confirmed"),
        turns=len(sent), requests=sum(len(conversation.latencies) for conversation in done.conversations),
        errors=done.errors, lost=lost, duplicated=duplicated, refused_and_retried=done.refused)
