"""What the fake LLM was asked: every request, its path, the faults applied and the tokens it cost."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

HIDDEN_HEADERS = frozenset({"authorization", "api-key", "x-api-key", "cookie"})


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received; headers exclude credentials so recordings are safe to print."""

    path: str
    body: Any
    headers: dict[str, str]
    faults: tuple[str, ...] = ()
    at: float = field(default_factory=time.time)
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def as_json(self) -> dict[str, Any]:
        """JSON-ready data for `GET /_fake/requests`."""
        return {
            "path": self.path,
            "body": self.body,
            "headers": self.headers,
            "faults": list(self.faults),
            "at": self.at,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
        }


def safe_headers(headers: Any) -> dict[str, str]:
    """Request headers without credentials (Authorization, API keys, cookies)."""
    return {key: value for key, value in headers.items() if key.lower() not in HIDDEN_HEADERS}


class Recorder:
    """A thread-safe log of requests; the benchmark reads model calls and tokens from it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []

    def add(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def reset(self) -> None:
        with self._lock:
            self._requests.clear()

    def counts(self) -> dict[str, int]:
        """Requests per path."""
        return dict(Counter(request.path for request in self.requests))

    def tokens(self) -> dict[str, int]:
        """Prompt and completion tokens summed over every recorded request."""
        requests = self.requests
        return {
            "prompt_tokens": sum(r.prompt_tokens for r in requests),
            "completion_tokens": sum(r.completion_tokens for r in requests),
        }

    def summary(self) -> dict[str, Any]:
        """Counts, tokens and every request, for `GET /_fake/requests`."""
        return {"counts": self.counts(), **self.tokens(), "requests": [r.as_json() for r in self.requests]}
