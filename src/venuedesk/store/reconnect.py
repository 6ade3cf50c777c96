"""One retry for the first statement of a unit of work that found its pooled connection dead (no pre-ping)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, sessionmaker
from sqlalchemy.engine import Connection

_FRESH = "venuedesk.fresh_connection"
_BEGUN = "venuedesk.transaction_begun"


def retry_first_statement(factory: sessionmaker[Session]) -> None:
    """Sessions of `factory` run a statement again, once, on a new connection when it was the first of their
    transaction and failed because the server had closed the connection (pg_terminate_backend, a restart): nothing
    of the transaction ran yet, so running it again is safe. Later statements are never retried."""
    event.listen(factory, "after_begin", _mark_fresh)
    event.listen(factory, "after_transaction_end", _mark_ended)
    event.listen(factory, "do_orm_execute", _retry_on_dead_connection)


def _mark_fresh(session: Session, _transaction: SessionTransaction, _connection: Connection) -> None:
    session.info[_FRESH] = True
    session.info[_BEGUN] = True


def _mark_ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the transaction, not a savepoint
        session.info[_BEGUN] = False


def _retry_on_dead_connection(state: ORMExecuteState) -> Any:
    session = state.session
    if session.info.get(_BEGUN):  # a later statement of its transaction: never retried, runs the usual way
        session.info[_FRESH] = False
        return None
    session.info[_FRESH] = False
    try:
        return state.invoke_statement()
    except sa_exc.DBAPIError as error:
        if not (error.connection_invalidated and session.info.get(_FRESH)):
            raise
    session.rollback()
    return state.invoke_statement()
