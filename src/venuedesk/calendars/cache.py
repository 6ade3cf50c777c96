"""What each calendar said lately: the spans read with their busy blocks (fresh for a short TTL) and the last
failure (fresh for a shorter one), so the questions of one turn hit no server twice and a calendar that is down
costs its timeout once, not on every turn, yet is asked again soon."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from venuedesk.domain.busy import BusyBlock, SourceFailure, SourceResult


@dataclass(frozen=True)
class _Read:
    start: datetime
    end: datetime
    blocks: tuple[BusyBlock, ...]
    expires: float


@dataclass
class BusyCache:
    """Per source id; safe to share between threads (a server answers several requests at once)."""

    ttl: float
    failure_ttl: float
    monotonic: Callable[[], float]
    _reads: dict[str, list[_Read]] = field(default_factory=dict)
    _failures: dict[str, tuple[SourceFailure, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def lookup(self, source_id: str, start: datetime, end: datetime) -> SourceResult | None:
        """A fresh failure of the source, or its blocks in [start, end) from a fresh read covering the span;
        None when the source must be asked."""
        now = self.monotonic()
        with self._lock:
            failed = self._failures.get(source_id)
            if failed is not None and now < failed[1]:
                return failed[0]
            for read in self._reads.get(source_id, ()):
                if now < read.expires and read.start <= start and end <= read.end:
                    return tuple(block for block in read.blocks if block.start < end and block.end > start)
        return None

    def covers(self, source_id: str, start: datetime, end: datetime) -> bool:
        """Whether a lookup of the span would be answered without asking the source."""
        return self.lookup(source_id, start, end) is not None

    def store(self, source_id: str, start: datetime, end: datetime, result: SourceResult) -> None:
        """Keep a source's answer for the span; an answer clears the source's failure, a failure is kept alone."""
        now = self.monotonic()
        with self._lock:
            if isinstance(result, SourceFailure):
                self._failures[source_id] = (result, now + self.failure_ttl)
                return
            self._failures.pop(source_id, None)
            kept = [read for read in self._reads.get(source_id, ())
                    if now < read.expires and not (start <= read.start and read.end <= end)]
            self._reads[source_id] = [*kept, _Read(start, end, tuple(result), now + self.ttl)]
