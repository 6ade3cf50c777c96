"""The `lost_reasons` table (docs/pipeline.md): each time a thread leaves a stage backwards, with why and who."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from venuedesk.store.base import Base
from venuedesk.store.tenancy import VenueScoped


class LostReasonRow(VenueScoped, Base):
    """A thread leaving a stage: `declined` (the client declined the offer), `expired` (the option lapsed),
    `cancelled` (before or after confirmation) or `marked_lost` (a manager, with a reason code and a note)."""

    __tablename__ = "lost_reasons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64))
    thread_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(32), default=None)
    """The manager's reason code (`price`, `date`, …); null for the other kinds."""
    note: Mapped[str | None] = mapped_column(Text, default=None)
    """The manager's own words: internal, never exported, blanked when the thread is anonymised."""
    room_id: Mapped[str | None] = mapped_column(String(64), default=None)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]
