"""Failed authentication throttled per key (an IP address, an account): after `max_failures` failures within
`window_seconds` the key is refused until the oldest of them leaves the window (429 with Retry-After).

The counts live in this process's memory: with several processes (`serve --workers N`, several API hosts) each
process counts on its own, so an attacker gets at most N × max_failures tries per window, and a restart forgets
them. That bounds guessing well enough for high-entropy tokens and argon2 passwords without a shared store."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

DEFAULT_MAX_FAILURES = 10
DEFAULT_WINDOW_SECONDS = 600.0
MAX_KEYS = 100_000


class FailureThrottle:
    """A thread-safe sliding window of failure times per key, the least recently failed keys forgotten first."""

    def __init__(self, max_failures: int = DEFAULT_MAX_FAILURES, window_seconds: float = DEFAULT_WINDOW_SECONDS,
                 *, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock
        self._max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int | None:
        """Whole seconds until `key` may try again, or None when it may try now."""
        with self._lock:
            now = self._clock()
            failures = self._recent(key, now)
            if failures is None or len(failures) < self.max_failures:
                return None
            return max(1, math.ceil(failures[0] + self.window_seconds - now))

    def failed(self, key: str) -> None:
        """Count one failure of `key`."""
        with self._lock:
            now = self._clock()
            failures = self._recent(key, now)
            if failures is None:
                failures = self._failures[key] = deque(maxlen=self.max_failures)
            failures.append(now)
            self._failures.move_to_end(key)
            while len(self._failures) > self._max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, key: str) -> None:
        """Forget `key`'s failures (an account that logged in)."""
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float] | None:
        failures = self._failures.get(key)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window_seconds:
            failures.popleft()
        return failures
