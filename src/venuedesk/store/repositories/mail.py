"""Mail messages: one row per Message-ID, read to thread a client's mail and to address and thread our answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from venuedesk.domain.anonymise import erased_message_id
from venuedesk.store.models import EventRow, MailMessageRow, OutboxRow

MailOutcome = Literal["accepted", "auto_reply", "rejected"]


@dataclass(frozen=True)
class LastInbound:
    """What an answer needs to thread under the client's latest mail: its id, its references and its subject.
    """

    message_id: str
    references: tuple[str, ...]
    subject: str
    received_at: datetime | None = None


class MailRepository:
    """Record each mail once under its Message-ID and read a thread's mail."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, message_id: str) -> MailMessageRow | None:
        """The mail recorded under `message_id`, or under its erased form (its thread was erased: the same mail
        delivered again is still a duplicate), or None."""
        query = select(MailMessageRow).where(MailMessageRow.message_id.in_(_recorded_forms(message_id)))
        return self.session.scalars(query).first()

    def thread_of(self, message_ids: tuple[str, ...]) -> str | None:
        """The thread of the latest of these mails we received that landed on a thread, or None."""
        if not message_ids:
            return None
        query = (select(MailMessageRow.thread_id)
                 .where(MailMessageRow.message_id.in_(message_ids), MailMessageRow.thread_id.is_not(None),
                        MailMessageRow.direction == "in")
                 .order_by(MailMessageRow.id.desc()).limit(1))
        return self.session.scalars(query).first()

    def record(
        self, *, message_id: str, thread_id: str | None, sender: str | None, subject: str,
        references: tuple[str, ...], received_at: datetime, outcome: MailOutcome, reason: str | None = None,
        attachments: list[dict[str, Any]] | None = None,
    ) -> bool:
        """Insert one inbound mail; False (and nothing written but the delivery count) when its Message-ID is
        already recorded, whether before or by a concurrent delivery."""
        row = MailMessageRow(message_id=message_id, thread_id=thread_id, direction="in", sender=sender,
                             subject=subject[:998], reference_ids=list(references), received_at=received_at,
                             outcome=outcome, reason=reason, attachments=list(attachments or []),
                             deliveries=1)
        savepoint = self.session.begin_nested()
        try:
            self.session.add(row)
            self.session.flush()
        except IntegrityError:
            savepoint.rollback()
            self.redelivered(message_id)
            return False
        savepoint.commit()
        return True

    def redelivered(self, message_id: str) -> None:
        """Count one more delivery of a mail already recorded."""
        recorded = MailMessageRow.message_id.in_(_recorded_forms(message_id))
        self.session.execute(update(MailMessageRow).where(recorded).values(deliveries=MailMessageRow.deliveries + 1))

    def for_thread(self, thread_id: str) -> list[MailMessageRow]:
        """The thread's mail, oldest first (the manager sees auto-replies and attachments here)."""
        query = (select(MailMessageRow).where(MailMessageRow.thread_id == thread_id)
                 .order_by(MailMessageRow.id))
        return list(self.session.scalars(query))

    def _last_accepted(self, thread_id: str) -> MailMessageRow | None:
        query = (select(MailMessageRow)
                 .where(MailMessageRow.thread_id == thread_id, MailMessageRow.direction == "in",
                        MailMessageRow.outcome == "accepted")
                 .order_by(MailMessageRow.id.desc()).limit(1))
        return self.session.scalars(query).first()

    def client_address(self, thread_id: str) -> str | None:
        """Where an answer on this thread goes: the address the client last wrote from, else the event's client
        email (a thread the desk opened for a second inquiry in a mail has no mail of its own); None for neither."""
        row = self._last_accepted(thread_id)
        if row is not None:
            return row.sender
        state = self.session.scalars(select(EventRow.state).where(EventRow.thread_id == thread_id)).first()
        email = state.get("client_email") if isinstance(state, dict) else None
        return str(email) if email else None

    def last_inbound(self, thread_id: str) -> LastInbound | None:
        """The client's latest mail on the thread, for the In-Reply-To, References and subject of an answer.
        """
        row = self._last_accepted(thread_id)
        if row is None:
            return None
        return LastInbound(row.message_id, tuple(str(ref) for ref in row.reference_ids), row.subject, row.received_at)

    def sent_on(self, outbox_id: int, thread_id: str) -> bool:
        """True when outbox row `outbox_id` is a reply of `thread_id`: our Message-ID `vd.<outbox>.<thread>`
        is only believed when we really sent that row on that thread."""
        query = select(OutboxRow.id).where(OutboxRow.id == outbox_id, OutboxRow.thread_id == thread_id)
        return self.session.scalars(query).first() is not None


def _recorded_forms(message_id: str) -> tuple[str, str]:
    """The forms a mail's Message-ID is recorded in: as received, and as kept after an erasure."""
    return message_id, erased_message_id(message_id)
