"""Failed authentication throttled per key (an IP address, an account): after `max_failures` failures within
`window_seconds` the key is refused until the oldest of them leaves the window (429 with Retry-After).

Every API process counts together: the failures are kept in the database (`auth_failures`), or in Redis when
`VENUEDESK_REDIS_URL` is set (the `limits` library's moving window, as the rate limits use), so N processes or hosts
give a guesser no more than one limit per window, and a restart forgets nothing. Keys are stored only as a keyed
hash (the IP hash key), never as the raw address or email. A process remembers for `quiet_seconds` that a key had
no refusal, so a request reads the store at most once a second per key; a failure on this process forgets that at
once."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, TypeVar

from limits import RateLimitItemPerSecond
from limits.storage import Storage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from venuedesk.store.db import read_alone
from venuedesk.store.repositories.auth_failures import AuthFailureRepository

log = logging.getLogger("venuedesk.accounts")
DEFAULT_MAX_FAILURES = 10
DEFAULT_WINDOW_SECONDS = 600.0
QUIET_SECONDS = 1.0
MAX_QUIET_KEYS = 100_000
T = TypeVar("T")


class FailureCounts(Protocol):
    """Where the failures are counted, shared by every process: keys arrive hashed."""

    def retry_after(self, key: str) -> int | None:
        """Whole seconds until `key` may try again, or None when it may try now."""

    def failed(self, key: str) -> None:
        """Count one failure of `key`."""

    def forget(self, key: str) -> None:
        """Forget `key`'s failures."""


class DatabaseFailures:
    """The failures in the `auth_failures` table: read outside any transaction (never queued behind the writers on
    SQLite), written in short transactions of their own."""

    def __init__(self, engine: Engine, max_failures: int = DEFAULT_MAX_FAILURES,
                 window_seconds: float = DEFAULT_WINDOW_SECONDS, *, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock

    def retry_after(self, key: str) -> int | None:
        """Whole seconds until the oldest of the key's last `max_failures` failures leaves the window, or None."""
        now = self._clock()
        with read_alone(self.engine) as session:
            latest = AuthFailureRepository(session).latest(key, now - self.window_seconds, self.max_failures)
        if len(latest) < self.max_failures:
            return None
        return max(1, math.ceil(latest[-1] + self.window_seconds - now))

    def failed(self, key: str) -> None:
        """Store the failure now, deleting what has left the window."""
        now = self._clock()
        with Session(self.engine) as session, session.begin():
            AuthFailureRepository(session).record(key, now, forget_before=now - self.window_seconds)

    def forget(self, key: str) -> None:
        """Delete the key's failures."""
        with Session(self.engine) as session, session.begin():
            AuthFailureRepository(session).forget(key)


class LimitsFailures:
    """The failures in a `limits` storage (Redis for every process; memory for one), as a moving window."""

    def __init__(self, storage: Storage, max_failures: int = DEFAULT_MAX_FAILURES,
                 window_seconds: float = DEFAULT_WINDOW_SECONDS, *, namespace: str = "venuedesk-auth") -> None:
        self.strategy = MovingWindowRateLimiter(storage)
        self.item = RateLimitItemPerSecond(max_failures, max(1, math.ceil(window_seconds)))
        self.namespace = namespace

    def retry_after(self, key: str) -> int | None:
        """Seconds until the window lets the key in again, or None."""
        if self.strategy.test(self.item, self.namespace, key):
            return None
        reset = self.strategy.get_window_stats(self.item, self.namespace, key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def failed(self, key: str) -> None:
        """Count the failure (nothing more is counted once the key is refused)."""
        self.strategy.hit(self.item, self.namespace, key)

    def forget(self, key: str) -> None:
        """Clear the key's window."""
        self.strategy.clear(self.item, self.namespace, key)


class FailureThrottle:
    """The throttle the transports ask: keys hashed before they reach the shared counts, and a short per-process
    memory of keys that were not refused. A counting store that fails lets the request through (logged once): it
    never locks everyone out."""

    def __init__(self, counts: FailureCounts, digest: Callable[[str], str], *,
                 quiet_seconds: float = QUIET_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.counts = counts
        self._digest = digest
        self._quiet_seconds = quiet_seconds
        self._clock = clock
        self._quiet: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        self._store_failed = False

    def retry_after(self, key: str) -> int | None:
        """Whole seconds until `key` may try again, or None when it may try now."""
        with self._lock:
            until = self._quiet.get(key)
            if until is not None and until > self._clock():
                return None
        wait = self._ask(lambda: self.counts.retry_after(self._digest(key)))
        if wait is None:
            with self._lock:
                self._quiet[key] = self._clock() + self._quiet_seconds
                self._quiet.move_to_end(key)
                while len(self._quiet) > MAX_QUIET_KEYS:
                    self._quiet.popitem(last=False)
        return wait

    def failed(self, key: str) -> None:
        """Count one failure of `key` (this process asks the shared counts again next time)."""
        with self._lock:
            self._quiet.pop(key, None)
        self._ask(lambda: self.counts.failed(self._digest(key)))

    def succeeded(self, key: str) -> None:
        """Forget `key`'s failures (an account that logged in)."""
        self._ask(lambda: self.counts.forget(self._digest(key)))

    def _ask(self, call: Callable[[], T]) -> T | None:
        try:
            return call()
        except Exception:
            if not self._store_failed:
                log.exception("the failed sign-in counts cannot be read or written; sign-ins pass unthrottled")
            self._store_failed = True
            return None
