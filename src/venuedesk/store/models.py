"""The ORM tables (SQLAlchemy 2.0 typed mapping); every per-thread or per-date query has an index."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from venuedesk.store.base import Base
from venuedesk.store.tenancy import DEFAULT_VENUE, VenueScoped


class ThreadRow(VenueScoped, Base):
    """One conversation with a client; providers are fixed per thread. The column `client_token` holds the SHA-256
    of the client's token (store/token_hash.py, migration 0017), never the token."""

    __tablename__ = "threads"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_token_hash: Mapped[str] = mapped_column("client_token", String(128), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8), default="en")
    providers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    client_ip_hash: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    """The keyed hash of the address the thread was opened from (docs/abuse.md); never the raw IP."""


class EventRow(VenueScoped, Base):
    """The event state document of one thread, with the columns that lists filter on."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    thread_id: Mapped[str] = mapped_column(String(64), ForeignKey("threads.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    chosen_date: Mapped[date | None] = mapped_column(Date, index=True)
    locked_room_id: Mapped[str | None] = mapped_column(String(64))
    deposit_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    state: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class BookingRow(VenueScoped, Base):
    """A room booking; start_min/end_min include the room's buffers (minutes since midnight)."""

    __tablename__ = "room_bookings"
    __table_args__ = (Index("ix_room_bookings_date_room", "date", "room_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), index=True)
    room_id: Mapped[str] = mapped_column(String(64))
    date: Mapped[date] = mapped_column(Date)
    start_min: Mapped[int]
    end_min: Mapped[int]
    window_start: Mapped[str] = mapped_column(String(5))
    window_end: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime | None]
    placed_at: Mapped[datetime]


class InboxRow(VenueScoped, Base):
    """An inbound message, action or HIL decision, stored before processing; the key makes it once-only."""

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("thread_id", "idem_key", name="uq_inbox_thread_key"),
                      Index("ix_inbox_idem_key", "idem_key"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(String(64))
    idem_key: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]]
    reply: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]


class MessageRow(VenueScoped, Base):
    """One line of the conversation history, in order (seq) per thread."""

    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("thread_id", "seq", name="uq_messages_thread_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int]
    turn_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    reply: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]
    # A client mail's quoted history and signature: stored beside the full text, never read for facts.
    stripped: Mapped[str | None] = mapped_column(Text, default=None)


class HilTaskRow(VenueScoped, Base):
    """A task for the venue manager; decided once."""

    __tablename__ = "hil_tasks"
    __table_args__ = (Index("ix_hil_tasks_status_created", "status", "created_at"),)

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    thread_id: Mapped[str] = mapped_column(String(64), index=True)
    type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")
    offer_id: Mapped[str | None] = mapped_column(String(64))
    offer_version: Mapped[int | None]
    draft: Mapped[dict[str, Any] | None]
    decision: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(100))
    reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    notified_at: Mapped[datetime | None] = mapped_column(default=None)  # the manager was mailed (manager_notify)
    notify_lease_until: Mapped[datetime | None] = mapped_column(default=None)  # a mail of it is being sent until


class ToolCallRow(VenueScoped, Base):
    """The idempotency ledger: one row per executed tool call."""

    __tablename__ = "tool_calls"
    __table_args__ = (UniqueConstraint("thread_id", "tool_call_id", name="uq_tool_calls_thread_call"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(String(64))
    tool_call_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(64))
    args: Mapped[dict[str, Any]]
    args_hash: Mapped[str] = mapped_column(String(64))
    idem_key: Mapped[str | None] = mapped_column(String(300), unique=True)
    status: Mapped[str] = mapped_column(String(8))
    result: Mapped[dict[str, Any] | None]
    attempts: Mapped[int]
    created_at: Mapped[datetime]


class OutboxRow(VenueScoped, Base):
    """A reply waiting for delivery to its transport; failed attempts wait until `next_attempt_at`."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_created", "status", "created_at"),
        Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(String(64), index=True)
    reply: Mapped[dict[str, Any]]
    channel: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)


class VenueRow(Base):
    """A venue served by this install (docs/tenancy.md): its slug, the name it was added under, since when, and the
    address its mail goes out from when it has one of its own."""

    __tablename__ = "venues"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    mail_from: Mapped[str | None] = mapped_column(String(320), default=None)
    """The venue's own From ("The Atelier <desk+atelier@example.ch>"); None: its default (docs/tenancy.md)."""


class CatalogueInfoRow(VenueScoped, Base):
    """The venue document (one row per venue) and the catalogue version: sha256 of all documents."""

    __tablename__ = "catalogue_info"

    venue_id: Mapped[str] = mapped_column(String(64), primary_key=True, default=DEFAULT_VENUE,
                                          server_default=DEFAULT_VENUE)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]]


class CatalogueDocumentRow(VenueScoped, Base):
    """A catalogue document with its id and position in its venue's catalogue (rooms, products)."""

    __abstract__ = True

    venue_id: Mapped[str] = mapped_column(String(64), primary_key=True, default=DEFAULT_VENUE,
                                          server_default=DEFAULT_VENUE)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int]
    data: Mapped[dict[str, Any]]


class CatalogueRoomRow(CatalogueDocumentRow):
    """One room document; the row is also the lock that serialises holds on the room."""

    __tablename__ = "catalogue_rooms"


class CatalogueProductRow(CatalogueDocumentRow):
    """One product document."""

    __tablename__ = "catalogue_products"


class PaymentRow(VenueScoped, Base):
    """A payment notification or a deposit marked paid by a manager: recorded once per `reference`; `applied`
    says whether it paid the deposit, `reason` why (or why not)."""

    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("venue_id", "reference", name="uq_payments_reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(200))
    offer_id: Mapped[str | None] = mapped_column(String(64))
    thread_id: Mapped[str | None] = mapped_column(String(64), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    source: Mapped[str] = mapped_column(String(16))
    applied: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime]
class SecondOptionRow(VenueScoped, Base):
    """A 2nd (or later) option queued behind another event's hold on a room and window (not a hold itself)."""

    __tablename__ = "second_options"
    __table_args__ = (
        UniqueConstraint("event_id", "room_id", "date", "window_start", "window_end",
                         name="uq_second_options_event_slot"),
        Index("ix_second_options_room_date_status", "room_id", "date", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), index=True)
    thread_id: Mapped[str] = mapped_column(String(64))
    room_id: Mapped[str] = mapped_column(String(64))
    date: Mapped[date] = mapped_column(Date)
    window_start: Mapped[str] = mapped_column(String(5))
    window_end: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(16))  # waiting | promoted | void
    queued_at: Mapped[datetime]
    settled_at: Mapped[datetime | None] = mapped_column(default=None)


class HoldNoticeRow(VenueScoped, Base):
    """A hold notice already sent (the expiry warning), once per key: the event and the expiry it warned of."""

    __tablename__ = "hold_notices"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime]


class JobMarkRow(VenueScoped, Base):
    """The last period a once-per-period job did its work (the manager digest's day), one row per job and venue."""

    __tablename__ = "job_marks"

    venue_id: Mapped[str] = mapped_column(String(64), primary_key=True, default=DEFAULT_VENUE,
                                          server_default=DEFAULT_VENUE)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    mark: Mapped[str] = mapped_column(String(32))
    marked_at: Mapped[datetime]


class SiteVisitRow(VenueScoped, Base):
    """A booked site visit; one visit per slot across all events (the unique slot), one per event."""

    __tablename__ = "site_visits"
    __table_args__ = (UniqueConstraint("venue_id", "slot", name="uq_site_visits_slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    thread_id: Mapped[str] = mapped_column(String(64))
    slot: Mapped[datetime]
    booked_at: Mapped[datetime]


class VenueSettingRow(VenueScoped, Base):
    """A setting a manager changed for a venue (e.g. `autonomy`), overriding the catalogue's default."""

    __tablename__ = "venue_settings"

    venue_id: Mapped[str] = mapped_column(String(64), primary_key=True, default=DEFAULT_VENUE,
                                          server_default=DEFAULT_VENUE)
    venue: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(100))


class SettingChangeRow(VenueScoped, Base):
    """The audit of settings: who changed which setting of a venue, when, from what to what."""

    __tablename__ = "setting_changes"
    __table_args__ = (Index("ix_setting_changes_venue_key", "venue", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    venue: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any]]
    after: Mapped[dict[str, Any]]
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime]


class MailMessageRow(VenueScoped, Base):
    """One mail received (or, later, sent) under its Message-ID, once: the thread it landed on, its sender (the
    client's address, needed to answer), what became of it and the files it carried."""

    __tablename__ = "mail_messages"
    __table_args__ = (UniqueConstraint("message_id", name="uq_mail_messages_message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(255))
    thread_id: Mapped[str | None] = mapped_column(String(64), index=True)
    direction: Mapped[str] = mapped_column(String(8))  # in
    sender: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text, default="")
    reference_ids: Mapped[list[Any]] = mapped_column(default=list)
    received_at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(16))  # accepted | auto_reply | rejected
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    deliveries: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class CalendarPushRow(VenueScoped, Base):
    """What the desk last wrote into a room's CalDAV calendar for one event (docs/calendars.md "Pushing back"):
    its UID there, the state pushed (tentative, confirmed, removed), a hash of the content and its SEQUENCE; a
    failed attempt waits until `next_attempt_at`, and `lease_until` claims the row while a write is on the wire."""

    __tablename__ = "calendar_pushes"
    __table_args__ = (UniqueConstraint("source_id", "uid", name="uq_calendar_pushes_source_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(String(64))
    uid: Mapped[str] = mapped_column(String(255))
    event_id: Mapped[str] = mapped_column(String(64), index=True)
    room_id: Mapped[str] = mapped_column(String(64))
    day: Mapped[date | None] = mapped_column(Date, default=None)  # the event's day as last pushed
    state: Mapped[str] = mapped_column(String(16), default="new")  # new | tentative | confirmed | removed
    content_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pushed_at: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
