"""A model that proposes several availability calls in one response gets them read from the venue's calendars in
one fan-out: the Desk prefetches their spans before the engine runs them, so each CalDAV calendar (a real Radicale)
is asked once for all of them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from caldav_helpers import ZURICH, caldav_reader, new_calendar, path_of
from sqlalchemy import Engine

from venuedesk.clock import FrozenClock
from venuedesk.providers.base import AgentRun
from venuedesk.store.catalogue import seed
from venuedesk.store.db import make_engine
from venuedesk.testing import ScriptedRuntime, tool_call
from venuedesk.understanding.engine import understand
from venuedesk.venue.loader import load_catalogue_documents, venue_from_documents
from venuedesk.workflow.desk import Desk

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=ZURICH)
INQUIRY = "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5."
MEETING = "UID:m1\nDTSTART;TZID=Europe/Zurich:20260311T090000\nDTEND;TZID=Europe/Zurich:20260311T170000"


@pytest.fixture
def calendar_urls(caldav: Any) -> dict[str, str]:
    return {"room-a-cal": new_calendar(caldav, MEETING), "room-b-cal": new_calendar(caldav)}


@pytest.fixture
def engine(tmp_path: Path, seeded_sqlite_template: Path, calendar_urls: dict[str, str]) -> Iterator[Engine]:
    """A database seeded with the demo venue whose Room A and Room B name a CalDAV calendar each."""
    docs = load_catalogue_documents()
    rooms = [{**room, "calendars": [{"id": f"{room['id']}-cal", "kind": "caldav", "url": calendar_urls[f"{room['id']}-cal"]}]}
             if f"{room['id']}-cal" in calendar_urls else room for room in docs.rooms]
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(seeded_sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    seed(engine, replace(docs, rooms=rooms))
    try:
        yield engine
    finally:
        engine.dispose()


def test_several_availability_calls_in_one_response_read_each_calendar_once(
    caldav: Any, engine: Engine, calendar_urls: dict[str, str],
) -> None:
    venue = venue_from_documents(load_catalogue_documents())
    calls = [
        tool_call("dates_check", {"dates": ["2026-03-10", "2026-03-11"], "start_time": "09:00", "end_time": "17:00"},
                  "call-1"),
        tool_call("rooms_search", {"date": "2026-03-10", "participants": 30, "start_time": "09:00",
                                   "end_time": "17:00"}, "call-2"),
        tool_call("rooms_search", {"date": "2026-03-17", "participants": 30, "start_time": "09:00",
                                   "end_time": "17:00"}, "call-3"),
    ]
    runtime = ScriptedRuntime(AgentRun(output=understand(INQUIRY, venue, NOW.date()), tool_calls=calls))
    reader = caldav_reader(calendar_urls)
    desk = Desk(engine, FrozenClock(NOW), id_seed=0, runtime=runtime, calendars=reader)
    thread_id = desk.open_thread(thread_id="thr-1").thread_id

    desk.handle_message(thread_id, INQUIRY, sender="anna@example.com")

    reports = [path for method, path in caldav.requests if method == "REPORT"]
    assert sorted(reports) == sorted(path_of(url) for url in calendar_urls.values())
    for source_id in calendar_urls:
        for day in (date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 17)):
            assert reader.cache.covers(source_id, *reader.span(day, day))
