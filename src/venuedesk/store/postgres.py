"""PostgreSQL engine tuning that saves round trips: no pre-ping, a free dead-connection check, no RELEASE SAVEPOINT."""

from __future__ import annotations

import select
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL

from venuedesk.store.pipelining import pipeline

POOL_RECYCLE_SECONDS = 30 * 60
"""Connections older than this are replaced at check-out (idle-timeout middleboxes, server restarts long ago)."""


def postgres_engine(url: URL, **kwargs: Any) -> Engine:
    """An engine whose unit of work starts without a `SELECT 1` pre-ping and ends without `RELEASE SAVEPOINT`s, with
    BEGIN, SAVEPOINT and the write-behind rows riding along with other statements (store/pipelining.py)."""
    kwargs.setdefault("pool_recycle", POOL_RECYCLE_SECONDS)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "checkout", _refuse_dead_connection)
    event.listen(engine, "handle_error", _recognise_goodbye)
    # A successful savepoint is left open until the transaction ends: COMMIT or ROLLBACK releases it anyway, so
    # RELEASE only costs a round trip. Set on this engine's dialect instance only, no other engine is affected.
    engine.dialect.do_release_savepoint = _keep_savepoint  # type: ignore[method-assign,assignment]
    pipeline(engine)
    return engine


_GOODBYES = ("server closed the connection", "consuming input failed", "terminating connection due to administrator")


def _recognise_goodbye(context: Any) -> None:
    """Count an error that says the server ended the connection as a disconnect (the pool then drops the connection
    and the error is `connection_invalidated`), also when psycopg has not yet marked the connection broken, as
    happens when the goodbye is read while entering pipeline mode."""
    if not context.is_disconnect and isinstance(context.sqlalchemy_exception, sa_exc.OperationalError):
        if any(goodbye in str(context.original_exception) for goodbye in _GOODBYES):
            context.is_disconnect = True


def _keep_savepoint(_connection: Any, _name: str) -> None:
    """Release nothing: the savepoint ends with its transaction."""


def _refuse_dead_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Hand out no connection the server has ended, without a round trip: an idle pooled connection has nothing to
    read unless the server said goodbye (pg_terminate_backend, a restart), so a readable socket sends the pool to open
    a fresh one (SQLAlchemy's DisconnectionError). A goodbye still in flight is caught by `store/reconnect.py`."""
    try:
        socket = dbapi_connection.pgconn.socket
    except Exception as exc:  # noqa: BLE001 - a connection whose socket cannot be asked is not handed out
        raise sa_exc.DisconnectionError("this pooled connection has no socket any more") from exc
    if _readable(socket):
        raise sa_exc.DisconnectionError("the server sent something to an idle pooled connection: it ended it")


def _readable(fd: int) -> bool:
    """Whether the socket has something to read, without waiting; poll, not select, which refuses a descriptor
    numbered 1024 or more (a long-running process with many files open would have every connection refused)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI | select.POLLHUP | select.POLLERR)
    return bool(poller.poll(0))
