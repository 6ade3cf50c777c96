"""The HTTP load: client conversations from the golden scripts, dates moved per conversation, sent by threads.

Each simulated client is one thread with its own keep-alive `httpx.Client`. It opens a thread
(`POST /api/threads`) and replays the client turns of a golden conversation (messages and actions; manager
turns and clock moves are left out), then opens the next thread with the next conversation, until told to
stop. Every conversation gets its own number; all its dates (ISO, "10 March 2026", "12. März 2026",
"24.12.2026") move by that number of weeks modulo `WEEKS`, so concurrent clients ask for different days
(same weekday) instead of fighting for one room, and the calendar fills slowly.
"""

from __future__ import annotations

import itertools
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from venuedesk.golden.script import Script

WEEKS = 52  # 2026-03..06 dates + 51 weeks stay inside the venue's 18-month horizon from 2026-02-02
TIMEOUT_SECONDS = 30.0
# httpcore writes a request's headers and body separately; with Nagle on, the body waits for the server's
# delayed ACK (~40 ms on loopback). Browsers and most clients set TCP_NODELAY, so the generator does too.
NODELAY = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")
ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
LONG_EN = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS_EN) + r") (20\d\d)\b")
LONG_DE = re.compile(r"\b(\d{1,2})\. (" + "|".join(MONTHS_DE) + r") (20\d\d)\b")
DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(20\d\d)\b")


@dataclass(frozen=True)
class Turn:
    """One client turn: a message (text, sender) or an action (name, args); `key` is its Idempotency-Key."""

    kind: str
    text: str = ""
    sender: str | None = None
    name: str = ""
    args: dict[str, Any] = field(default_factory=dict)
    key: str | None = None


def client_turns(script: Script) -> list[Turn]:
    """The client messages and actions of a script, in order (the sender carries over like in the runner)."""
    turns, sender = [], None
    for turn in script.turns:
        if turn.client is not None:
            sender = turn.sender or sender
            turns.append(Turn("message", text=turn.client, sender=sender, key=turn.id))
        elif turn.action is not None:
            turns.append(Turn("action", name=turn.action, args=dict(turn.args), key=turn.id))
    return turns


def shifted(turn: Turn, weeks: int) -> Turn:
    """The turn with every date in its text and arguments moved by `weeks` weeks (invalid dates stay)."""
    if weeks == 0:
        return turn
    args = {key: _shift_text(value, weeks) if isinstance(value, str) else value for key, value in turn.args.items()}
    return Turn(turn.kind, _shift_text(turn.text, weeks), turn.sender, turn.name, args, turn.key)


def _shift_text(text: str, weeks: int) -> str:
    def move(year: int, month: int, day: int) -> date | None:
        try:
            return date(year, month, day) + timedelta(weeks=weeks)
        except ValueError:
            return None

    def iso(match: re.Match[str]) -> str:
        moved = move(int(match[1]), int(match[2]), int(match[3]))
        return moved.isoformat() if moved else match[0]

    def long(names: tuple[str, ...], dot: str) -> Any:
        def replace(match: re.Match[str]) -> str:
            moved = move(int(match[3]), names.index(match[2]) + 1, int(match[1]))
            return f"{moved.day}{dot} {names[moved.month - 1]} {moved.year}" if moved else match[0]
        return replace

    def dotted(match: re.Match[str]) -> str:
        moved = move(int(match[3]), int(match[2]), int(match[1]))
        return f"{moved.day:02d}.{moved.month:02d}.{moved.year}" if moved else match[0]

    text = ISO.sub(iso, text)
    text = LONG_EN.sub(long(MONTHS_EN, ""), text)
    text = LONG_DE.sub(long(MONTHS_DE, "."), text)
    return DOTTED.sub(dotted, text)


@dataclass(frozen=True)
class Sample:
    """One request: `turn` (message/action) or `open` (new thread), when it finished (perf_counter), its
    latency in seconds, and its outcome (the HTTP status, or the exception's name when none came back)."""

    kind: str
    finished: float
    seconds: float
    outcome: str
    error: str = ""

    @property
    def ok(self) -> bool:
        """A 2xx response."""
        return self.outcome.startswith("2")


@dataclass
class Tally:
    """Every request one client thread made."""

    samples: list[Sample] = field(default_factory=list)


class Load:
    """`clients` threads replaying conversations against `base_url` until `stop()` (or the deadline)."""

    def __init__(self, base_url: str, conversations: list[list[Turn]], clients: int, deadline: float) -> None:
        self.base_url = base_url
        self.conversations = conversations
        self.deadline = deadline
        self.tallies = [Tally() for _ in range(clients)]
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._client, args=(tally,), name=f"http-client-{index}",
                                          daemon=True) for index, tally in enumerate(self.tallies)]

    def start(self) -> None:
        """Start every client thread."""
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Ask the clients to stop and wait for their in-flight requests (bounded by the request timeout)."""
        self._stop.set()
        for thread in self._threads:
            thread.join(TIMEOUT_SECONDS + 5)

    def _next_number(self) -> int:
        with self._lock:
            return next(self._numbers)

    def _running(self) -> bool:
        return not self._stop.is_set() and time.monotonic() < self.deadline

    def _client(self, tally: Tally) -> None:
        transport = httpx.HTTPTransport(limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                                        socket_options=NODELAY)
        with httpx.Client(base_url=self.base_url, timeout=TIMEOUT_SECONDS, transport=transport,
                          trust_env=False) as http:
            while self._running():
                number = self._next_number()
                turns = self.conversations[number % len(self.conversations)]
                self._conversation(http, tally, [shifted(turn, number % WEEKS) for turn in turns])

    def _conversation(self, http: httpx.Client, tally: Tally, turns: list[Turn]) -> None:
        """Open a thread and send the turns; stops early on an error or when the run ends."""
        response = self._send(http, tally, "open", "/api/threads", {}, {})
        if response is None:
            return
        created = response.json()
        path = f"/api/threads/{created['thread_id']}"
        auth = {"Authorization": f"Bearer {created['client_token']}"}
        for turn in turns:
            if not self._running():
                return
            headers = dict(auth, **({"Idempotency-Key": turn.key} if turn.key else {}))
            if turn.kind == "message":
                body: dict[str, Any] = {"text": turn.text, **({"from": turn.sender} if turn.sender else {})}
                sent = self._send(http, tally, "turn", f"{path}/messages", body, headers)
            else:
                sent = self._send(http, tally, "turn", f"{path}/actions", {"name": turn.name, "args": turn.args},
                                  headers)
            if sent is None:
                return

    @staticmethod
    def _send(http: httpx.Client, tally: Tally, kind: str, path: str, body: dict[str, Any],
              headers: dict[str, str]) -> httpx.Response | None:
        """One timed POST, recorded as a Sample; the response when 2xx, else None (the conversation ends)."""
        started = time.perf_counter()
        try:
            response = http.post(path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            finished = time.perf_counter()
            tally.samples.append(Sample(kind, finished, finished - started, type(exc).__name__, f"{path}: {exc}"))
            return None
        finished = time.perf_counter()
        ok = response.is_success
        error = "" if ok else f"{path}: {response.text[:200]}"
        tally.samples.append(Sample(kind, finished, finished - started, str(response.status_code), error))
        return response if ok else None
