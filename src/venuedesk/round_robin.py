"""A small HTTP client over several venuedesk API processes, as a load balancer would spread requests: each request
goes to the next process in turn, and one whose connection is refused (the process is down or restarting) is sent
to the next one. Only a refused connection is retried: then nothing reached the server, while any other error may
come after the request was applied. Used by the soak and the multi-process tests.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Sequence
from typing import Any

import httpx

DEFAULT_TIMEOUT_SECONDS = 30.0
DEFAULT_RETRY_SECONDS = 30.0
RETRY_PAUSE_SECONDS = 0.05


class RoundRobin:
    """`request()` like httpx.Client's, spread over `base_urls`; counts the connections refused and retried."""

    def __init__(self, base_urls: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                 retry_seconds: float = DEFAULT_RETRY_SECONDS) -> None:
        if not base_urls:
            raise ValueError("RoundRobin needs at least one base URL")
        # No kept-alive connections: a process that shuts down closes idle ones, and a request sent on one at that
        # moment fails in a way that does not tell whether it was applied.
        limits = httpx.Limits(max_keepalive_connections=0)
        self._clients = [httpx.Client(base_url=url, timeout=timeout, limits=limits, trust_env=False)
                         for url in base_urls]
        self._next = itertools.count()
        self._retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self.refused = 0

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send to the next process; on a refused connection try the following ones until `retry_seconds` pass."""
        deadline = time.monotonic() + self._retry_seconds
        start = next(self._next)
        for attempt in itertools.count():
            client = self._clients[(start + attempt) % len(self._clients)]
            try:
                return client.request(method, path, **kwargs)
            except httpx.ConnectError:
                with self._lock:
                    self.refused += 1
                if time.monotonic() >= deadline:
                    raise
                if (attempt + 1) % len(self._clients) == 0:
                    time.sleep(RETRY_PAUSE_SECONDS)  # every process refused: wait for one to come back
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close every connection."""
        for client in self._clients:
            client.close()

    def __enter__(self) -> RoundRobin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
