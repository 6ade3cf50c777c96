"""On PostgreSQL what a unit of work sends ahead of a statement (BEGIN, savepoints, riders) shares its round trip:
counted on the wire, in libpq's trace."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from store_helpers import NOW, MakeUow, postgres_units_of_work

DAY = date(2026, 3, 10)


class Wire:
    """libpq traces of the engine's connections opened from now on."""

    def __init__(self, engine: Engine, folder: Path) -> None:
        self.folder = folder
        self.files: list[Any] = []
        event.listen(engine, "connect", self._trace)
        engine.dispose()  # a pooled connection opened before this would go untraced: every one from now on is new
        engine.dispose()

    def _trace(self, dbapi_connection: Any, _record: Any) -> None:
        from psycopg.pq import Trace

        handle = open(self.folder / f"conn-{len(self.files)}.trace", "w+b")  # noqa: SIM115 - closed by close()
        self.files.append(handle)
        dbapi_connection.pgconn.trace(handle.fileno())
        dbapi_connection.pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS | Trace.REGRESS_MODE)

    def round_trips(self) -> list[list[str]]:
        """What was sent so far, over all connections, split into round trips: a Sync or a simple Query ends one (the
        server answers it with a ReadyForQuery), and so does a Flush asking for the results of statements sent since
        (psycopg's pipeline sometimes fetches a result that way, and the client waits just the same). The text of each
        statement, counted on the client's side, which libpq's trace writes at once."""
        trips: list[list[str]] = []
        for handle in self.files:
            names: dict[str, str] = {}
            current: list[str] = []
            for message in _messages(Path(handle.name).read_text("utf-8", "replace")):
                sender, _, kind, rest = (message.split("\t", 3) + ["", "", ""])[:4]
                if sender != "F":
                    continue
                if kind == "Parse":
                    name, _, text = rest.strip().partition('" "')
                    names[name.strip('" ')] = text.rsplit('"', 1)[0]
                elif kind == "Bind":
                    current.append(names.get(rest.strip().split('"')[3], "?"))
                elif kind == "Query":
                    trips.append([*current, rest.strip().strip('"')])
                    current = []
                elif kind == "Sync" or (kind == "Flush" and current):
                    trips.append(current)
                    current = []
        return trips

    def close(self) -> None:
        for handle in self.files:
            handle.close()


def _messages(trace: str) -> list[str]:
    """libpq's trace as one entry per protocol message ("F" sent, "B" received), a statement's own newlines kept
    inside its message: a message never runs on into the next, whichever side wrote it."""
    messages: list[str] = []
    for line in trace.splitlines():
        if line.startswith(("F\t", "B\t")) or not messages:
            messages.append(line)
        else:
            messages[-1] += "\n" + line
    return messages


@pytest.fixture
def pg_uow(engine: Engine, make_uow: MakeUow) -> MakeUow:
    """Units of work on PostgreSQL on a thread "t1" whose event "e1" exists."""
    return postgres_units_of_work(engine, make_uow, "pipelining is PostgreSQL's", with_event=True)


@pytest.fixture
def wire(pg_uow: MakeUow, engine: Engine, tmp_path: Path) -> Iterator[Wire]:
    traced = Wire(engine, tmp_path)
    try:
        yield traced
    finally:
        traced.close()


def test_begin_shares_the_round_trip_of_the_first_statement(pg_uow: MakeUow, wire: Wire) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        assert len(wire.round_trips()) == 1
        assert wire.round_trips()[0][0] == "BEGIN"


def test_a_holds_room_lock_goes_in_the_round_trip_of_its_conflict_check(pg_uow: MakeUow, wire: Wire) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        uow.bookings.place_hold("e1", "room-a", DAY, 540, 600, "09:00", "10:00", None, NOW)
        locks = [trip for trip in wire.round_trips() if any("FROM catalogue_rooms" in text for text in trip)]
    assert len(locks) == 1
    assert "FOR UPDATE" in locks[0][0] and "room_bookings" in locks[0][1]


def test_a_replacing_hold_releases_the_events_other_bookings_in_the_round_trip_of_its_insert(
    pg_uow: MakeUow, wire: Wire
) -> None:
    with pg_uow() as uow:
        uow.bookings.place_hold("e1", "room-b", DAY, 540, 600, "09:00", "10:00", None, NOW)
        uow.bookings.place_hold("e1", "room-a", DAY, 540, 600, "09:00", "10:00", None, NOW, replacing=True)
        inserts = [trip for trip in wire.round_trips() if any("INSERT INTO room_bookings" in text for text in trip)]
    assert [text.split(" ", 1)[0] for text in inserts[-1]] == ["DELETE", "INSERT"]
