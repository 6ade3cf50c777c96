"""iCalendar text → busy blocks, shared by CalDAV calendars and ICS feeds.

Recurring events are expanded on this side (`recurring-ical-events`: RRULE, RDATE, EXDATE, moved and cancelled
occurrences), so every server is read the same way whether or not it expands them itself. An event marked
free (TRANSP:TRANSPARENT) or cancelled (STATUS:CANCELLED) is not busy; a tentative one is. An all-day event
runs from its first day's local midnight to the midnight after its last day; a floating time is the venue's.
A document already read for the same span is not parsed again (its blocks are remembered by its content).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from venuedesk.calendars.errors import CalendarUnavailable
from venuedesk.domain.busy import BusyBlock

MEMO_SIZE = 4096
"""Documents whose blocks are remembered (by content hash, source and span), least recently used dropped first."""
_memo: OrderedDict[tuple[bytes, str, datetime, datetime, str], tuple[BusyBlock, ...]] = OrderedDict()
_memo_lock = threading.Lock()


def busy_blocks(
    source_id: str, documents: Iterable[str | bytes], start: datetime, end: datetime, zone: ZoneInfo
) -> list[BusyBlock]:
    """The busy blocks of every VEVENT occurrence in `documents` (iCalendar texts) overlapping [start, end),
    sorted. Raises CalendarUnavailable for text that is not iCalendar: a calendar read in part is not read."""
    blocks: set[BusyBlock] = set()
    for document in documents:
        blocks.update(_document_blocks(source_id, document, start, end, zone))
    return sorted(blocks)


def _document_blocks(
    source_id: str, document: str | bytes, start: datetime, end: datetime, zone: ZoneInfo
) -> tuple[BusyBlock, ...]:
    """One document's blocks, remembered by its content: parsing is the reader's main CPU cost (about a
    millisecond an event), and a calendar read again mostly returns the same documents."""
    raw = document.encode() if isinstance(document, str) else document
    key = (hashlib.blake2b(raw, digest_size=16).digest(), source_id, start, end, zone.key)
    with _memo_lock:
        known = _memo.get(key)
        if known is not None:
            _memo.move_to_end(key)
            return known
    blocks = tuple(_parse(source_id, raw, start, end, zone))
    with _memo_lock:
        _memo[key] = blocks
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return blocks


def _parse(source_id: str, raw: bytes, start: datetime, end: datetime, zone: ZoneInfo) -> list[BusyBlock]:
    import icalendar
    import recurring_ical_events

    try:
        calendars = icalendar.Calendar.from_ical(raw, multiple=True)
        occurrences = [
            event
            for calendar in calendars
            for event in recurring_ical_events.of(calendar, components=["VEVENT"]).between(start, end)
        ]
    except Exception as exc:  # the parser and the expander raise many types for bad data
        raise CalendarUnavailable(
            "error", f"the calendar holds data that is not valid iCalendar ({type(exc).__name__})"
        ) from exc
    blocks = [_block(source_id, event, zone) for event in occurrences]
    return [block for block in blocks if block is not None and block.start < end and block.end > start]


def forget_parsed() -> None:
    """Drop every remembered document (the benchmark measures a cold read with it)."""
    with _memo_lock:
        _memo.clear()


def load_parsers() -> None:
    """Import the iCalendar libraries now (a source does it when made), so the first timed read does not."""
    import icalendar  # noqa: F401
    import recurring_ical_events  # noqa: F401


def _block(source_id: str, event: Any, zone: ZoneInfo) -> BusyBlock | None:
    """One occurrence as a block; None when it does not make the room busy."""
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return None
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    first = event.get("DTSTART")
    if first is None:
        return None
    last = event.get("DTEND")
    uid = str(event.get("UID", ""))
    start_value = first.dt
    end_value = last.dt if last is not None else None
    if not isinstance(start_value, datetime):
        whole_day = isinstance(end_value, date) and not isinstance(end_value, datetime)
        end_day = end_value if whole_day and end_value > start_value else None
        return BusyBlock(source_id, uid, _midnight(start_value, zone),
                        _midnight(end_day or start_value + timedelta(days=1), zone), all_day=True)
    if not isinstance(end_value, datetime):
        return None
    start, end = _aware(start_value, zone), _aware(end_value, zone)
    return BusyBlock(source_id, uid, start, end) if end > start else None  # no end: no time (RFC 5545 3.6.1)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone)


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    """A floating time (no zone) is the venue's wall clock."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
