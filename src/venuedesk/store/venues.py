"""The venues of an install (docs/tenancy.md): the `venues` table, which is not scoped to any one venue."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from venuedesk.store.models import ThreadRow, VenueRow
from venuedesk.store.tenancy import VENUE_SLUG_PATTERN


class VenueError(ValueError):
    """A venue that cannot be added as asked (a bad slug), said in one sentence."""


def check_slug(venue_id: str) -> str:
    """The slug as given when it is one (lower-case letters, digits and dashes, ≤ 63); VenueError otherwise."""
    if not re.fullmatch(VENUE_SLUG_PATTERN, venue_id):
        raise VenueError(f"{venue_id!r} is not a venue slug: use lower-case letters, digits and dashes (e.g. "
                         "'lakeside-hall'), at most 63 characters, starting with a letter or digit")
    return venue_id


def venue_exists(engine: Engine, venue_id: str) -> bool:
    """Whether the install has the venue `venue_id`."""
    with Session(engine) as session:
        return session.get(VenueRow, venue_id) is not None


def venue_of_thread(engine: Engine, thread_id: str) -> str | None:
    """The venue of thread `thread_id` (ids are unique install-wide), looked up across venues; None when there is
    no such thread. Only for routing something that names a thread to its venue's desk (inbound mail)."""
    with Session(engine) as session:
        return session.scalar(select(ThreadRow.venue_id).where(ThreadRow.id == thread_id))


def list_venues(engine: Engine) -> list[VenueRow]:
    """Every venue, oldest first."""
    with Session(engine) as session:
        return list(session.scalars(select(VenueRow).order_by(VenueRow.created_at, VenueRow.id)))


def add_venue(engine: Engine, venue_id: str, name: str, now: datetime) -> bool:
    """Add the venue (its name updated when it exists); True when it is new."""
    check_slug(venue_id)
    with Session(engine) as session, session.begin():
        row = session.get(VenueRow, venue_id)
        if row is not None:
            row.name = name
            return False
        session.add(VenueRow(id=venue_id, name=name, created_at=now))
        return True
