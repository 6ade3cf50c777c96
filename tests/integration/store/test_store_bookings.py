"""Room holds never overlap, even under concurrent clients; per-date queries use the (date, room) index."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event
from store_helpers import NOW

from venuedesk.store.repositories import NoHold, RoomUnavailable, UnknownRoom
from venuedesk.store.uow import UnitOfWork

MakeUow = Callable[[], UnitOfWork]
DAY = date(2026, 3, 10)
WEEK = timedelta(days=7)


def _hold(uow: UnitOfWork, event_id: str, start: int, end: int, **extra: Any) -> Any:
    """Hold room-a on DAY for [start, end) minutes (buffers included by the caller)."""
    values: dict[str, Any] = {
        "room_id": "room-a",
        "day": DAY,
        "start_min": start,
        "end_min": end,
        "window_start": f"{start // 60:02d}:{start % 60:02d}",
        "window_end": f"{end // 60:02d}:{end % 60:02d}",
        "expires_at": NOW + WEEK,
        "now": NOW,
    }
    values.update(extra)
    return uow.bookings.place_hold(event_id=event_id, **values)


def test_eight_concurrent_clients_holding_one_room_get_exactly_one_hold(make_uow: MakeUow) -> None:
    clients = 8
    barrier = threading.Barrier(clients)
    outcomes: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        with make_uow() as uow:
            barrier.wait()
            try:
                _hold(uow, f"e{n}", 510 + n, 1050 + n)
                uow.commit()
                result = "held"
            except RoomUnavailable:
                result = "unavailable"
            except Exception as exc:
                result = f"error: {exc!r}"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["held"] + ["unavailable"] * (clients - 1)
    with make_uow() as uow:
        assert len(uow.bookings.for_room_date("room-a", DAY)) == 1


def test_adjacent_windows_after_buffers_can_both_be_held(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        _hold(uow, "e1", 8 * 60 + 30, 12 * 60 + 30)
        _hold(uow, "e2", 12 * 60 + 30, 17 * 60 + 30)
        uow.commit()
    with make_uow() as uow:
        assert [b.event_id for b in uow.bookings.for_room_date("room-a", DAY)] == ["e1", "e2"]


def test_an_overlap_of_one_minute_is_refused(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        _hold(uow, "e1", 510, 750)
        with pytest.raises(RoomUnavailable, match="room-a is taken on 2026-03-10"):
            _hold(uow, "e2", 749, 900)


def test_confirmed_bookings_block_and_expired_options_do_not(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        _hold(uow, "expired", 510, 1050, expires_at=NOW - timedelta(minutes=1))
        _hold(uow, "fresh", 510, 1050, expires_at=NOW + WEEK)
        uow.commit()
    with make_uow() as uow:
        uow.bookings.confirm("fresh")
        with pytest.raises(RoomUnavailable):
            _hold(uow, "late", 600, 700, now=NOW + 2 * WEEK)
        assert uow.bookings.for_event("fresh")[0].status == "Confirmed"
        assert uow.bookings.for_event("fresh")[0].expires_at is None


def test_an_events_own_hold_does_not_block_it(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        first = _hold(uow, "e1", 510, 750)
        second = _hold(uow, "e1", 600, 900)
        assert uow.bookings.release("e1", keep_id=second.id) == 1
        assert [b.id for b in uow.bookings.for_event("e1")] == [second.id]
        assert first.id != second.id


def test_a_replacing_hold_leaves_the_event_only_that_booking(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        _hold(uow, "e1", 510, 750)
        _hold(uow, "e1", 510, 750, room_id="room-b")
        _hold(uow, "e2", 510, 750, room_id="room-c")
        placed = _hold(uow, "e1", 600, 900, replacing=True)
        assert [b.id for b in uow.bookings.for_event("e1")] == [placed.id]
        uow.commit()
    with make_uow() as uow:
        assert [(b.room_id, b.start_min) for b in uow.bookings.for_event("e1")] == [("room-a", 600)]
        assert [b.room_id for b in uow.bookings.for_event("e2")] == ["room-c"]


def test_a_refused_replacing_hold_keeps_the_events_bookings(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        kept = _hold(uow, "e1", 510, 750, room_id="room-b")
        _hold(uow, "e2", 510, 750)
        with pytest.raises(RoomUnavailable):
            _hold(uow, "e1", 600, 900, replacing=True)
        assert [b.id for b in uow.bookings.for_event("e1")] == [kept.id]


def test_moving_a_hold_keeps_its_expiry_and_respects_other_holds(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        _hold(uow, "e1", 510, 750, expires_at=NOW + WEEK)
        _hold(uow, "e2", 510, 750, day=DAY + timedelta(days=1))
        with pytest.raises(RoomUnavailable):
            uow.bookings.move("e1", "room-a", DAY + timedelta(days=1), 600, 700, "10:00", "11:00", NOW)
        moved = uow.bookings.move("e1", "room-b", DAY + timedelta(days=1), 600, 700, "10:00", "11:00", NOW)
        assert (moved.room_id, moved.date, moved.expires_at) == (
            "room-b",
            DAY + timedelta(days=1),
            NOW + WEEK,
        )
        with pytest.raises(NoHold):
            uow.bookings.move("nobody", "room-b", DAY, 600, 700, "10:00", "11:00", NOW)


def test_releasing_by_room_removes_only_that_rooms_hold(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        _hold(uow, "e1", 510, 750)
        _hold(uow, "e1", 510, 750, room_id="room-b")
        assert uow.bookings.release("e1", room_id="room-a") == 1
        assert [b.room_id for b in uow.bookings.for_event("e1")] == ["room-b"]


def test_holding_an_unknown_room_fails_clearly(make_uow: MakeUow) -> None:
    with make_uow() as uow, pytest.raises(UnknownRoom):
        _hold(uow, "e1", 510, 750, room_id="room-zz")


def test_on_dates_returns_the_span_in_date_and_room_order(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        _hold(uow, "e3", 510, 750, day=DAY + timedelta(days=2))
        _hold(uow, "e2", 510, 750, room_id="room-b")
        _hold(uow, "e1", 510, 750)
        _hold(uow, "e4", 510, 750, day=DAY + timedelta(days=5))
        uow.commit()
    with make_uow() as uow:
        found = uow.bookings.on_dates(DAY, DAY + timedelta(days=2))
    assert [(b.date, b.room_id, b.event_id) for b in found] == [
        (DAY, "room-a", "e1"),
        (DAY, "room-b", "e2"),
        (DAY + timedelta(days=2), "room-a", "e3"),
    ]


def _plan(engine: Engine, run: Callable[[], object]) -> str:
    """The query plan of the last SELECT that `run` issued, from EXPLAIN on the same backend."""
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    statement, parameters = seen[-1]
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            return "\n".join(str(row[-1]) for row in rows)
        connection.exec_driver_sql("SET enable_seqscan = off")
        rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
        return "\n".join(str(row[0]) for row in rows)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(lambda uow: uow.bookings.for_room_date("room-a", DAY), id="for_room_date"),
        pytest.param(lambda uow: uow.bookings.on_dates(DAY, DAY + timedelta(days=30)), id="on_dates"),
        pytest.param(
            lambda uow: uow.bookings.place_hold("e9", "room-a", DAY, 510, 750, "09:00", "12:00", None, NOW),
            id="place_hold_conflict_check",
        ),
    ],
)
def test_per_date_booking_queries_use_the_date_room_index(
    engine: Engine, make_uow: MakeUow, query: Callable[[UnitOfWork], object]
) -> None:
    def run() -> None:
        with make_uow() as uow:
            query(uow)

    assert "ix_room_bookings_date_room" in _plan(engine, run)


def test_event_lookups_use_an_index(engine: Engine, make_uow: MakeUow) -> None:
    def by_thread() -> None:
        with make_uow() as uow:
            uow.events.for_thread("t1")

    def by_date() -> None:
        with make_uow() as uow:
            uow.events.list(date_from=DAY, date_to=DAY + timedelta(days=30))

    thread_plan, date_plan = _plan(engine, by_thread), _plan(engine, by_date)
    assert "index" in thread_plan.lower() and "SCAN events\n" not in thread_plan + "\n"
    assert "ix_events_chosen_date" in date_plan


def test_a_hold_past_midnight_conflicts_with_an_early_hold_on_the_next_day(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        _hold(uow, "late", 19 * 60 + 30, 26 * 60 + 30, window_start="20:00", window_end="02:00")
        uow.commit()
    with make_uow() as uow, pytest.raises(RoomUnavailable):
        _hold(uow, "early", 60, 4 * 60, day=DAY + timedelta(days=1))


def test_an_early_hold_on_the_next_day_blocks_a_hold_past_midnight(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        _hold(uow, "early", 60, 4 * 60, day=DAY + timedelta(days=1))
        uow.commit()
    with make_uow() as uow, pytest.raises(RoomUnavailable):
        _hold(uow, "late", 19 * 60 + 30, 26 * 60 + 30, window_start="20:00", window_end="02:00")


def test_a_hold_until_midnight_leaves_the_next_morning_free(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        _hold(uow, "evening", 17 * 60 + 30, 24 * 60 + 30, window_start="18:00", window_end="24:00")
        uow.commit()
    with make_uow() as uow:
        _hold(uow, "morning", 7 * 60 + 30, 12 * 60 + 30, day=DAY + timedelta(days=1))
        uow.commit()
