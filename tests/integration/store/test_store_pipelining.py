"""On PostgreSQL what a unit of work sends ahead of a statement (BEGIN, savepoints, riders) shares its round trip:
counted on the wire, in libpq's trace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from store_helpers import MakeUow, postgres_units_of_work


class Wire:
    """libpq traces of the engine's connections opened from now on."""

    def __init__(self, engine: Engine, folder: Path) -> None:
        self.folder = folder
        self.files: list[Any] = []
        event.listen(engine, "connect", self._trace)
        engine.dispose()

    def _trace(self, dbapi_connection: Any, _record: Any) -> None:
        from psycopg.pq import Trace

        handle = open(self.folder / f"conn-{len(self.files)}.trace", "w+b")  # noqa: SIM115 - closed by close()
        self.files.append(handle)
        dbapi_connection.pgconn.trace(handle.fileno())
        dbapi_connection.pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS | Trace.REGRESS_MODE)

    def round_trips(self) -> int:
        """The messages sent so far, over all connections, that the server answers with a ReadyForQuery (Sync,
        simple Query); counted on the client's side, which libpq's trace writes at once."""
        count = 0
        for handle in self.files:
            lines = Path(handle.name).read_text("utf-8", "replace").splitlines()
            count += sum(1 for line in lines if line.startswith("F\t") and line.split("\t")[2] in ("Sync", "Query"))
        return count

    def close(self) -> None:
        for handle in self.files:
            handle.close()


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
        assert wire.round_trips() == 1
