"""Site visits: one per event, never two at one slot across all events (the unique slot decides a race)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from venuedesk.store.models import SiteVisitRow


class SlotTaken(Exception):
    """Another event already has a site visit at this slot."""


class SiteVisitRepository:
    """Book, move and read site visits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def for_event(self, event_id: str) -> SiteVisitRow | None:
        """The event's booked visit, or None."""
        return self.session.execute(select(SiteVisitRow).where(SiteVisitRow.event_id == event_id)).scalar_one_or_none()

    def taken_slots(self, *, besides_event: str | None = None) -> list[datetime]:
        """Every booked slot, except `besides_event`'s own."""
        query = select(SiteVisitRow.slot)
        if besides_event is not None:
            query = query.where(SiteVisitRow.event_id != besides_event)
        return list(self.session.execute(query.order_by(SiteVisitRow.slot)).scalars())

    def book(self, *, event_id: str, thread_id: str, slot: datetime, now: datetime) -> SiteVisitRow:
        """Book `slot` for the event (moving its earlier visit); raise SlotTaken when another event has it."""
        savepoint = self.session.begin_nested()
        try:
            self.session.execute(delete(SiteVisitRow).where(SiteVisitRow.event_id == event_id))
            row = SiteVisitRow(event_id=event_id, thread_id=thread_id, slot=slot, booked_at=now)
            self.session.add(row)
            self.session.flush()
        except IntegrityError as exc:
            savepoint.rollback()
            raise SlotTaken(f"the slot {slot.isoformat()} is already booked for another site visit") from exc
        savepoint.commit()
        return row
