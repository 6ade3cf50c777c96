"""Tenancy: every business row carries the `venue_id` of the venue it belongs to, and every session of a unit of
work sees and writes only its venue's rows. The scope lives here, in one place: each ORM SELECT, UPDATE and DELETE
gets `venue_id = :venue` on every scoped table it names (SQLAlchemy's `with_loader_criteria`), each INSERT and each
new object gets the venue stamped in; a row of another venue is simply not there (docs/tenancy.md)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import String, Table, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, sessionmaker, with_loader_criteria
from sqlalchemy.orm.util import LoaderCriteriaOption
from sqlalchemy.sql.dml import Insert

DEFAULT_VENUE = "default"
"""The venue of an install that never added one, and of every row written before migration 0023."""
VENUE_KEY = "venuedesk.venue_id"
"""Where a session keeps the venue it is scoped to (`Session.info`)."""
VENUE_SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"


class VenueScoped:
    """A table whose rows belong to one venue: the column, and the mark the scoping listens for."""

    venue_id: Mapped[str] = mapped_column(String(64), default=DEFAULT_VENUE, server_default=DEFAULT_VENUE)


def venue_of(session: Session) -> str:
    """The venue `session` is scoped to (the default venue when none was named)."""
    return str(session.info.get(VENUE_KEY, DEFAULT_VENUE))


def scope_to_venue(factory: sessionmaker[Session]) -> None:
    """Filter every statement of `factory`'s sessions by their venue (`Session.info[VENUE_KEY]`, set by
    `make_session_factory`) and stamp it on every row they write."""
    event.listen(factory, "do_orm_execute", _filter_statement)
    event.listen(factory, "before_flush", _stamp_new_rows)


def _filter_statement(state: ORMExecuteState) -> None:
    """`venue_id = :venue` on every scoped entity of a SELECT, UPDATE or DELETE (joins, subqueries and
    `Session.get` too); the venue stamped into an INSERT that does not name one."""
    venue = venue_of(state.session)
    if state.is_column_load or state.is_relationship_load:  # a row already loaded, hence of this venue
        return
    statement = state.statement
    if isinstance(statement, Insert):
        table = statement.table
        if isinstance(table, Table) and "venue_id" in table.c and not _sets_venue(statement):
            state.statement = statement.values(venue_id=venue)
        return
    if state.is_select or state.is_update or state.is_delete:
        state.statement = statement.options(_criteria(venue))


@lru_cache(maxsize=256)
def _criteria(venue: str) -> LoaderCriteriaOption:
    """The `venue_id = :venue` option of one venue, built once: building it (its lambda analysed) per statement
    costs more than the statement's own cache lookup."""
    return with_loader_criteria(VenueScoped, lambda cls: cls.venue_id == venue, include_aliases=True)


def _sets_venue(statement: Insert) -> bool:
    """Whether the INSERT's own values already name a venue."""
    values = getattr(statement, "_values", None) or {}
    return any(getattr(key, "key", key) == "venue_id" for key in values)


def _stamp_new_rows(session: Session, _context: Any, _instances: Any) -> None:
    """Give each new scoped object that names no venue the session's."""
    venue = venue_of(session)
    for instance in session.new:
        if isinstance(instance, VenueScoped) and instance.__dict__.get("venue_id") is None:
            instance.venue_id = venue
