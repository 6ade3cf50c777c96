"""An in-memory calendar reader for tests and golden transcripts: busy blocks set by hand, sources set down.

It answers through the same `merge` as the real fan-out, so a transcript sees exactly what a CalDAV calendar
with those events would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from venuedesk.domain.busy import BusyBlock, ExternalBusy, SourceFailure, SourceResult, merge
from venuedesk.domain.catalogue import Room


@dataclass
class MemoryCalendars:
    """Busy blocks per source id, and the sources that are down (they fail with "error")."""

    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Zurich"))
    blocks: dict[str, list[BusyBlock]] = field(default_factory=dict)
    down: set[str] = field(default_factory=set)
    calls: int = 0

    def add(self, block: BusyBlock) -> None:
        self.blocks.setdefault(block.source_id, []).append(block)

    def busy(self, rooms: Sequence[Room], first: date, last: date) -> ExternalBusy:
        self.calls += 1
        results: dict[str, SourceResult] = {}
        for room in rooms:
            for source in room.calendars:
                if source.id in self.down:
                    results[source.id] = SourceFailure(source.id, "error", "set down by the test")
                else:
                    results[source.id] = list(self.blocks.get(source.id, []))
        return merge(rooms, results, self.zone, first, last)

    def prefetch(self, requests: Sequence[tuple[Sequence[Room], date, date]]) -> None:
        return None
