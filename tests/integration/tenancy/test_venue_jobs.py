"""Background jobs per venue (docs/tenancy.md): a worker's tick does the due units of every venue, each in its own
venue's units of work, so another venue's replies are delivered too and none crosses over."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, select

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.jobs.base import deps_for_engine
from venuedesk.jobs.pgqueue import _job_function
from venuedesk.store.catalogue import seed
from venuedesk.store.db import ensure_ready
from venuedesk.store.models import OutboxRow
from venuedesk.store.venues import add_venue
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = ensure_ready(database_url)
    add_venue(engine, "beta", "Beta Hall", NOW)
    seed(engine, load_catalogue_documents(None), venue_id="beta")
    yield engine
    engine.dispose()


def _reply_in(engine: Engine, venue_id: str) -> str:
    desk = Desk(engine, FrozenClock(NOW), venue_id=venue_id)
    thread = desk.open_thread()
    desk.handle_message(thread.thread_id, "Hi, a workshop for 30 people on 10 March, 9 to 5.")
    return thread.thread_id


def test_a_workers_tick_delivers_the_replies_of_every_venue(engine: Engine) -> None:
    threads = {venue: _reply_in(engine, venue) for venue in ("default", "beta")}
    tick = _job_function(deps_for_engine(engine), FrozenClock(NOW), "outbox_delivery",
                         lambda: [deps_for_engine(engine, venue_id="beta")])
    assert tick(0)["done"] == 2
    with engine.connect() as connection:
        rows = connection.execute(select(OutboxRow.venue_id, OutboxRow.thread_id, OutboxRow.status)).all()
    assert sorted(rows) == sorted((venue, thread, "sent") for venue, thread in threads.items())
