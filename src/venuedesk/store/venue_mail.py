"""The mail side of the venues, read across venues (docs/tenancy.md): each venue's own From, and the venue a mail's
references name. Used to send a venue's mail from its own address and to route inbound mail to its venue's desk
before any venue's unit of work is open."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from venuedesk.domain.anonymise import erased_message_id
from venuedesk.store.models import MailMessageRow, OutboxRow, VenueRow


def stored_mail_from(session: Session, venue_id: str) -> str | None:
    """The From `venue_id` was given (`venuedesk venues set --mail-from`); None: it sends from its default."""
    return session.scalar(select(VenueRow.mail_from).where(VenueRow.id == venue_id))


def stored_mail_froms(engine: Engine) -> dict[str, str | None]:
    """Every venue with the From it was given (None: its default), oldest venue first."""
    with Session(engine) as session:
        rows = session.execute(select(VenueRow.id, VenueRow.mail_from).order_by(VenueRow.created_at, VenueRow.id))
        return {venue_id: mail_from for venue_id, mail_from in rows}


def set_mail_from(engine: Engine, venue_id: str, mail_from: str | None) -> bool:
    """Give `venue_id` its own From (None: back to its default); False when the install has no such venue."""
    with Session(engine) as session, session.begin():
        row = session.get(VenueRow, venue_id)
        if row is None:
            return False
        row.mail_from = mail_from
        return True


def venue_of_outbox_row(engine: Engine, outbox_id: int, thread_id: str) -> str | None:
    """The venue that sent outbox row `outbox_id` on `thread_id` (our outbound Message-ID names both), or None when
    no such row was sent on that thread: an id of ours is only believed when we really sent it."""
    with Session(engine) as session:
        return session.scalar(select(OutboxRow.venue_id)
                              .where(OutboxRow.id == outbox_id, OutboxRow.thread_id == thread_id))


def venue_of_received(engine: Engine, message_id: str) -> str | None:
    """The venue of the thread a client's mail `message_id` we received landed on, found by the id as received or
    as an erasure keeps it (hashed); None when no such mail landed on a thread."""
    forms = (message_id, erased_message_id(message_id))
    with Session(engine) as session:
        return session.scalar(select(MailMessageRow.venue_id)
                              .where(MailMessageRow.message_id.in_(forms), MailMessageRow.thread_id.is_not(None),
                                     MailMessageRow.direction == "in")
                              .order_by(MailMessageRow.id.desc()).limit(1))
