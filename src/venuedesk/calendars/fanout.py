"""The calendar reader: every calendar a question needs is asked at once, each within its timeout and all within
one budget, and their answers are merged in a fixed order (domain/busy.py), so the result never depends on which
calendar answered first. A calendar that times out or fails is reported, never read as free; answers and failures
are cached briefly (cache.py).

The booking tools are synchronous and may run on a thread of an asyncio server, or on a thread whose own event
loop is running; the fan-out runs on a private event loop (in a short-lived worker thread in the second case) and
closes it before returning, so no loop or thread is left behind.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from venuedesk.calendars.cache import BusyCache
from venuedesk.calendars.errors import CalendarUnavailable
from venuedesk.calendars.ports import BusySource
from venuedesk.domain.busy import ExternalBusy, SourceFailure, SourceResult, merge
from venuedesk.domain.catalogue import Room

log = logging.getLogger(__name__)
T = TypeVar("T")
Job = tuple[str, datetime, datetime]
PREFETCH_GAP_DAYS = 31
"""Spans of one source closer than this are read as one span by `prefetch` (one request instead of several)."""


class FanOutReader:
    """A CalendarReader over `sources` (by calendar id) in the venue's `zone`: `timeout` seconds per calendar,
    `budget` seconds for the whole question, answers kept `ttl` seconds and failures `failure_ttl` seconds."""

    def __init__(
        self, sources: Mapping[str, BusySource], zone: ZoneInfo, *, timeout: float = 2.0, budget: float = 4.0,
        ttl: float = 60.0, failure_ttl: float = 15.0, monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sources = dict(sources)
        self.zone = zone
        self.timeout = timeout
        self.budget = budget
        self.cache = BusyCache(ttl, failure_ttl, monotonic)

    def busy(self, rooms: Sequence[Room], first: date, last: date) -> ExternalBusy:
        """The busy time of `rooms`' calendars over [first, last] and a day either side, every calendar asked at
        once (or answered from the cache)."""
        start, end = self.span(first, last)
        ids = sorted({source.id for room in rooms for source in room.calendars})
        answers = self.read([(source_id, start, end) for source_id in ids])
        return merge(rooms, {source_id: answers[(source_id, start, end)] for source_id in ids}, self.zone, first, last)

    def prefetch(self, requests: Sequence[tuple[Sequence[Room], date, date]]) -> None:
        """Read the spans of several questions in one fan-out (one request per calendar for spans close together),
        so the `busy` calls that follow are answered from the cache."""
        spans: dict[str, list[tuple[datetime, datetime]]] = {}
        for rooms, first, last in requests:
            for source_id in {source.id for room in rooms for source in room.calendars}:
                spans.setdefault(source_id, []).append(self.span(first, last))
        jobs = [(source_id, start, end) for source_id in sorted(spans) for start, end in _joined(spans[source_id])]
        self.read([job for job in jobs if not self.cache.covers(*job)])

    def span(self, first: date, last: date) -> tuple[datetime, datetime]:
        """The instants a question about [first, last] needs: from the midnight before `first`'s eve to the
        midnight after the day after `last` (windows and buffers may reach into the neighbouring days)."""
        return (datetime.combine(first - timedelta(days=1), clock_time(0), self.zone),
                datetime.combine(last + timedelta(days=2), clock_time(0), self.zone))

    def read(self, jobs: Sequence[Job]) -> dict[Job, SourceResult]:
        """Each (source, start, end)'s answer: from the cache when fresh, else from one concurrent fan-out."""
        answers: dict[Job, SourceResult] = {}
        missing: list[Job] = []
        for job in dict.fromkeys(jobs):
            cached = self.cache.lookup(*job)
            if cached is None:
                missing.append(job)
            else:
                answers[job] = cached
        if missing:
            fetched = run_coroutine(lambda: self._fetch_all(missing))
            for job in missing:
                failure = fetched[job]
                self.cache.store(*job, failure)
                if isinstance(failure, SourceFailure):
                    log.warning("calendar %s could not be read: %s", job[0], failure.detail,
                                extra={"calendar": job[0], "reason": failure.reason})
            answers.update(fetched)
        return answers

    async def _fetch_all(self, jobs: Sequence[Job]) -> dict[Job, SourceResult]:
        tasks = {job: asyncio.ensure_future(self._fetch_one(*job)) for job in jobs}
        done, pending = await asyncio.wait(tasks.values(), timeout=self.budget)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        over_budget = f"no answer within the {self.budget:g} s budget for all calendars"
        return {job: task.result() if task in done else SourceFailure(job[0], "timeout", over_budget)
                for job, task in tasks.items()}

    async def _fetch_one(self, source_id: str, start: datetime, end: datetime) -> SourceResult:
        source = self.sources.get(source_id)
        if source is None:
            return SourceFailure(source_id, "not_configured", "no calendar with this id is configured")
        try:
            blocks = await asyncio.wait_for(source.fetch(start, end), self.timeout)
        except TimeoutError:
            return SourceFailure(source_id, "timeout", f"no answer within {self.timeout:g} s")
        except CalendarUnavailable as failure:
            return SourceFailure(source_id, failure.reason, failure.detail)
        except Exception as exc:  # a source's bug must not take the other calendars down with it
            log.error("calendar %s: reading failed unexpectedly (%s)", source_id, type(exc).__name__,
                      extra={"calendar": source_id})  # no traceback: its text can hold a secret address
            return SourceFailure(source_id, "error", f"reading the calendar failed ({type(exc).__name__})")
        return tuple(sorted(blocks))


def _joined(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Spans merged where they overlap or lie less than PREFETCH_GAP_DAYS apart."""
    joined: list[tuple[datetime, datetime]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1] + timedelta(days=PREFETCH_GAP_DAYS):
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def run_coroutine(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run the coroutine `factory` makes on a private event loop and close it: on this thread, or on a worker
    thread when this thread's own loop is running (a sync tool called from async code)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _on_private_loop(factory)
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = _on_private_loop(factory)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="venuedesk-calendars", daemon=True)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _on_private_loop(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Like asyncio.run, except that closing does not wait for the loop's executor threads (a DNS lookup that
    hangs must not hold the answer past the budget; the lookup thread ends by itself)."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(factory())
    finally:
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
