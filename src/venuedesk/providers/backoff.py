"""Bounded exponential backoff with full jitter that honours a server's Retry-After."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from venuedesk.providers.errors import ModelUnavailable, TransientModelError

T = TypeVar("T")


@dataclass
class Backoff:
    """At most `attempts` tries; waits base·2^n with full jitter, capped, or the server's Retry-After."""

    attempts: int = 3
    base_delay: float = 0.25
    max_delay: float = 4.0
    max_retry_after: float = 10.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    def delay(self, attempt: int, error: TransientModelError) -> float:
        if error.retry_after is not None:
            return min(error.retry_after, self.max_retry_after)
        return self.rng.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))

    def run(self, call: Callable[[], T], on_retry: Callable[[int, TransientModelError], None] | None = None) -> T:
        """`call()` until it succeeds; a transient error after the last attempt raises ModelUnavailable."""
        for attempt in range(1, self.attempts + 1):
            try:
                return call()
            except TransientModelError as error:
                if attempt == self.attempts:
                    raise ModelUnavailable(f"gave up after {attempt} attempts: {error}") from error
                if on_retry:
                    on_retry(attempt, error)
                self.sleep(self.delay(attempt, error))
        raise AssertionError("unreachable")
