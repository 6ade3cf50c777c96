"""Fault injection for the crash tests (docs/crashes.md): named points in the code where a process can be made to
die (`kill`: SIGKILL to itself, like `kill -9`), fail (`raise`: `InjectedFault`) or stop until it is killed from
outside (`pause=<file>`: the file is created, then the process waits while it exists).

    VENUEDESK_FAULTS=point[@subject]:kill|raise|pause=<file>[*N][,…]

`subject` narrows a point to one thread, task or job name; `*N` fires at most N times in this process (default:
every time). The setting is read once, at import; unset, `point()` is one test of an empty tuple.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ENV = "VENUEDESK_FAULTS"
ACTIONS = ("kill", "raise", "pause")
POINTS = ("turn.after_tools_before_commit", "decision.before_commit", "job.after_effect_before_finalise")
PAUSE_POLL_SECONDS = 0.05


class InjectedFault(RuntimeError):
    """The failure a `raise` fault injects at its point."""


@dataclass(frozen=True)
class Fault:
    """One rule: at `point` (for `subject` only, when given) do `action`, at most `times` times (None: always)."""

    point: str
    action: str
    subject: str | None = None
    file: str | None = None
    times: int | None = None

    def matches(self, point: str, subject: str | None) -> bool:
        """Whether this rule applies to `point` reached for `subject`."""
        return self.point == point and (self.subject is None or self.subject == subject)


def parse(spec: str) -> tuple[Fault, ...]:
    """The rules of a VENUEDESK_FAULTS value; a malformed one is a ValueError naming it (a typo must not pass)."""
    faults = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        where, _, what = item.partition(":")
        point, _, subject = where.partition("@")
        what, _, count = what.partition("*")
        action, _, file = what.partition("=")
        if point not in POINTS or action not in ACTIONS or (action == "pause") != bool(file) \
                or (count and not count.isdigit()):
            raise ValueError(f"{ENV}: {item!r} is not point[@subject]:kill|raise|pause=<file>[*N] "
                             f"with a point among {', '.join(POINTS)}")
        faults.append(Fault(point, action, subject or None, file or None, int(count) if count else None))
    return tuple(faults)


_FAULTS = parse(os.environ.get(ENV, ""))
_fired: dict[Fault, int] = {}
_lock = threading.Lock()


def point(name: str, subject: str | None = None) -> None:
    """A fault-injection point: nothing unless VENUEDESK_FAULTS names it (for this subject)."""
    if not _FAULTS:
        return
    fault = _take(name, subject)
    if fault is not None:
        act(fault)


def _take(name: str, subject: str | None) -> Fault | None:
    """The first rule for this point that has not used up its count, counting this firing."""
    with _lock:
        for fault in _FAULTS:
            if fault.matches(name, subject) and (fault.times is None or _fired.get(fault, 0) < fault.times):
                _fired[fault] = _fired.get(fault, 0) + 1
                return fault
    return None


def act(fault: Fault) -> None:
    """Do what the rule says: die at once, raise, or announce the pause in its file and wait while it exists."""
    if fault.action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if fault.action == "raise":
        raise InjectedFault(f"fault injected at {fault.point}")
    if fault.file is not None:
        marker = Path(fault.file)
        partial = marker.with_name(f".{marker.name}.{os.getpid()}")
        partial.write_text(f"{os.getpid()}\n")
        partial.replace(marker)  # atomic: whoever sees the file reads the whole pid, never an empty file
        while marker.exists():
            time.sleep(PAUSE_POLL_SECONDS)
