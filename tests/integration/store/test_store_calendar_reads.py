"""The calendar view's reads on SQLite and PostgreSQL: bookings and waiting 2nd options over a span of days, with the
thread and the client of their event; a booking without an event has neither."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.store.calendar_reads import grid_bookings, grid_waiting
from venuedesk.store.models import SecondOptionRow
from venuedesk.store.uow import UnitOfWork, make_session_factory

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
DAY = date(2026, 3, 10)


def _fill(engine: Engine) -> None:
    with UnitOfWork(make_session_factory(engine), FrozenClock(NOW)) as uow:
        uow.bookings.place_hold("given-1", "room-b", DAY, 450, 1110, "08:00", "18:00", NOW + timedelta(days=7), NOW)
        uow.bookings.place_hold("given-2", "room-a", DAY + timedelta(days=7), 450, 1110, "08:00", "18:00", None, NOW,
                                status="Confirmed")
        uow.session.add(SecondOptionRow(event_id="evt_b", thread_id="thr_b", room_id="room-b", date=DAY,
                                        window_start="09:00", window_end="17:00", status="waiting", queued_at=NOW))
        uow.session.add(SecondOptionRow(event_id="evt_c", thread_id="thr_c", room_id="room-b", date=DAY,
                                        window_start="09:00", window_end="17:00", status="promoted", queued_at=NOW))
        uow.commit()


def test_the_bookings_of_the_span_come_with_no_thread_when_they_have_no_event(engine: Engine) -> None:
    _fill(engine)
    with UnitOfWork(make_session_factory(engine), FrozenClock(NOW)) as uow:
        found = grid_bookings(uow.session, DAY, DAY + timedelta(days=6))
    assert [(b.event_id, b.room_id, b.day, b.start, b.end, b.status, b.thread_id, b.client) for b in found] == [
        ("given-1", "room-b", DAY, "08:00", "18:00", "Option", None, "")]
    assert found[0].expires_at == NOW + timedelta(days=7)


def test_only_the_2nd_options_still_waiting_are_read(engine: Engine) -> None:
    _fill(engine)
    with UnitOfWork(make_session_factory(engine), FrozenClock(NOW)) as uow:
        found = grid_waiting(uow.session, DAY, DAY)
    assert [(w.event_id, w.thread_id, w.room_id, w.start, w.end) for w in found] == [
        ("evt_b", "thr_b", "room-b", "09:00", "17:00")]
