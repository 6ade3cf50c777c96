"""SQLite write-lock acquisitions of a served database, per who asked (bench-only, see `_lockstats/sitecustomize.py`).

`environment(folder)` is what the server's processes need to count; `LockMeter` reads the counts of every process
at the start and the end of a measured window and gives the difference: acquisitions, seconds waited and seconds
held, per requester (`request` or `job:<module>.<function>`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

SITE = Path(__file__).resolve().parent / "_lockstats"


def environment(folder: Path) -> dict[str, str]:
    """The environment variables that make a venuedesk process write its lock counts into `folder` (a PYTHONPATH
    already set, for example to measure another checkout's `src`, stays after the meter's folder)."""
    path = os.pathsep.join(part for part in (str(SITE), os.environ.get("PYTHONPATH", "")) if part)
    return {"PYTHONPATH": path, "VENUEDESK_BENCH_LOCKSTATS": str(folder)}


def read(folder: Path) -> dict[str, list[float]]:
    """The counts of every process so far, summed per requester: [acquisitions, seconds waited, seconds held]."""
    totals: dict[str, list[float]] = {}
    for path in folder.glob("*.json"):
        try:
            counts = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for who, values in counts.items():
            entry = totals.setdefault(who, [0, 0.0, 0.0])
            for index, value in enumerate(values):
                entry[index] += value
    return totals


@dataclass
class LockCounts:
    """Write-lock use over a window, per requester: [acquisitions, seconds waited, seconds held]."""

    by_who: dict[str, list[float]] = field(default_factory=dict)

    @property
    def acquisitions(self) -> int:
        """All acquisitions in the window."""
        return int(sum(values[0] for values in self.by_who.values()))

    def summary(self, turns: int) -> list[str]:
        """One line per requester, most acquisitions first: count, per turn, share, mean wait and hold."""
        total = self.acquisitions or 1
        lines = [f"write-lock acquisitions: {self.acquisitions} ({self.acquisitions / max(turns, 1):.2f} per turn)"]
        for who, (count, waited, held) in sorted(self.by_who.items(), key=lambda item: -item[1][0]):
            if count:
                lines.append(f"  {who:45} {int(count):6} {count / max(turns, 1):5.2f}/turn {count / total:6.1%} "
                             f"wait {waited / count * 1000:6.1f} ms hold {held / count * 1000:5.2f} ms")
        return lines


def difference(after: dict[str, list[float]], before: dict[str, list[float]]) -> LockCounts:
    """The use between two readings."""
    return LockCounts({who: [value - (before.get(who) or [0, 0.0, 0.0])[index] for index, value in enumerate(values)]
                       for who, values in after.items()})
