"""A pooled PostgreSQL connection the server ended between two units of work is replaced, with no pre-ping."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import Engine, create_engine, event, text

from venuedesk.clock import FrozenClock
from venuedesk.store import postgres
from venuedesk.store.db import make_engine
from venuedesk.workflow.desk import Desk


@pytest.fixture
def pg_engine(engine: Engine) -> Engine:
    if engine.dialect.name != "postgresql":
        pytest.skip("the server ends a backend only on PostgreSQL")
    return engine


def _pooled_pid(engine: Engine) -> int:
    """The backend of the one pooled connection the next unit of work is handed."""
    with engine.connect() as connection:
        pid = int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
    assert engine.pool.checkedin() == 1
    return pid


def _terminate(engine: Engine, pid: int, *, wait: bool = False) -> None:
    """pg_terminate_backend; with `wait`, until the backend has exited (its goodbye is on the socket by then)."""
    admin = create_engine(engine.url)
    try:
        with admin.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)" if wait else
                                           "SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar() is True
    finally:
        admin.dispose()


def test_a_turn_after_the_server_killed_the_pooled_connection_succeeds(pg_engine: Engine, clock: FrozenClock) -> None:
    desk = Desk(pg_engine, clock, id_seed=3)
    thread = desk.open_thread()
    pid = _pooled_pid(pg_engine)
    _terminate(pg_engine, pid)

    reply = desk.handle_message(thread.thread_id, "Hello, 40 guests on 12 June 2026?", sender="a@example.com")

    assert reply.body_markdown
    with pg_engine.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid


def test_a_turn_whose_dead_connection_passed_the_check_out_check_runs_on_a_new_one(
    pg_engine: Engine, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The server's goodbye still in flight at check-out: the check sees nothing, the lock and read find it dead.
    desk = Desk(pg_engine, clock, id_seed=5)
    thread = desk.open_thread()
    pid = _pooled_pid(pg_engine)
    _terminate(pg_engine, pid, wait=True)
    monkeypatch.setattr(postgres, "_readable", lambda _fd: False)

    reply = desk.handle_message(thread.thread_id, "Hello, 40 guests on 12 June 2026?", sender="a@example.com")

    assert reply.body_markdown
    assert desk.event_view(thread.thread_id) is not None


def test_a_unit_of_work_that_starts_with_a_write_gets_a_live_connection_after_the_server_ended_one(
    pg_engine: Engine, clock: FrozenClock
) -> None:
    desk = Desk(pg_engine, clock, id_seed=4)
    pid = _pooled_pid(pg_engine)
    _terminate(pg_engine, pid, wait=True)

    thread = desk.open_thread()  # its first statement is the INSERT of a flush, which is not retried

    assert desk.event_view(thread.thread_id) is None


def test_a_unit_of_work_sends_no_pre_ping(pg_engine: Engine) -> None:
    statements: list[str] = []
    event.listen(pg_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with pg_engine.connect() as connection:
        connection.execute(text("SELECT 42"))
    assert statements == ["SELECT 42"]


def test_connections_are_handed_out_when_the_process_has_over_a_thousand_files_open(pg_engine: Engine) -> None:
    # Found by a whole-suite run: select() refuses a descriptor numbered 1024 or more, and every connection was refused.
    spare = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    fresh = make_engine(pg_engine.url.render_as_string(hide_password=False))
    try:
        with fresh.connect() as connection:
            assert connection.connection.dbapi_connection.pgconn.socket >= 1024  # type: ignore[union-attr]
            assert connection.execute(text("SELECT 1")).scalar() == 1
    finally:
        fresh.dispose()
        for fd in spare:
            os.close(fd)
