"""The unit of work: one transaction, the repositories over it, and the per-thread turn lock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from venuedesk.clock import Clock
from venuedesk.store.locking import lock_thread_for_turn
from venuedesk.store.models import ThreadRow
from venuedesk.store.reconnect import retry_first_statement
from venuedesk.store.tenancy import DEFAULT_VENUE, VENUE_KEY, scope_to_venue, venue_of
from venuedesk.store.sqlite_writes import begin_read_only
from venuedesk.store.turn_reads import keep_task_digest, track_turn_reads
from venuedesk.store.writebehind import hold_writes
from venuedesk.store.repositories.lost_reasons import LostReasonRepository
from venuedesk.store.repositories import (
    BookingRepository,
    CalendarPushRepository,
    CatalogueRepository,
    EventRepository,
    HilRepository,
    HoldRepository,
    InboxRepository,
    JobMarkRepository,
    LedgerRepository,
    MailRepository,
    MessageRepository,
    OfferDocumentRepository,
    OutboxRepository,
    PaymentRepository,
    ThreadRepository,
    SettingsRepository,
    SiteVisitRepository,
)


def make_session_factory(engine: Engine, venue_id: str = DEFAULT_VENUE) -> sessionmaker[Session]:
    """Sessions for units of work; objects stay readable after commit; a dead pooled connection is replaced; on
    PostgreSQL the rows a turn appends are held until commit and sent in one statement (store/writebehind.py); the
    bookings and tasks a turn read are kept until they may be stale (store/turn_reads.py); every statement reads and
    writes only the rows of `venue_id` (store/tenancy.py)."""
    factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True, info={VENUE_KEY: venue_id})
    scope_to_venue(factory)
    retry_first_statement(factory)
    hold_writes(factory)
    track_turn_reads(factory)
    return factory


class UnitOfWork:
    """A context manager around one session: commit() makes the work durable, anything else rolls back.

    On SQLite the first statement opens `BEGIN IMMEDIATE`, so a unit of work holds the write lock from its
    start, unless it is `read_only` (a deferred BEGIN that waits for no writer; it cannot commit); on PostgreSQL `lock_thread` takes the thread row lock (one turn per thread at a time). Leaving the
    block closes the session, which rolls back whatever was not committed; rows already read stay readable
    (detached, not expired), so a caller may use them after the block.
    """

    threads: ThreadRepository
    events: EventRepository
    bookings: BookingRepository
    inbox: InboxRepository
    messages: MessageRepository
    hil: HilRepository
    holds: HoldRepository
    ledger: LedgerRepository
    mail: MailRepository
    outbox: OutboxRepository
    catalogue: CatalogueRepository
    payments: PaymentRepository
    site_visits: SiteVisitRepository
    settings: SettingsRepository
    marks: JobMarkRepository
    calendar_pushes: CalendarPushRepository
    offer_documents: OfferDocumentRepository
    lost: LostReasonRepository

    def __init__(self, session_factory: Callable[[], Session], clock: Clock, *, read_only: bool = False) -> None:
        self._session_factory = session_factory
        self.clock = clock
        self.read_only = read_only
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """The open session (only inside `with`)."""
        if self._session is None:
            raise RuntimeError("the unit of work is not open; use it as `with UnitOfWork(...) as uow:`")
        return self._session

    @property
    def venue_id(self) -> str:
        """The venue whose rows alone this unit of work reads and writes (store/tenancy.py)."""
        return venue_of(self.session)

    def now(self) -> datetime:
        """The current venue time from the injected clock."""
        return self.clock.now()

    def __enter__(self) -> Self:
        session = self._session_factory()
        self._session = session
        if self.read_only:
            begin_read_only(session)
        self._locked_threads: list[ThreadRow] = []
        self.threads = ThreadRepository(session)
        self.events = EventRepository(session)
        self.bookings = BookingRepository(session)
        self.inbox = InboxRepository(session)
        self.messages = MessageRepository(session)
        self.hil = HilRepository(session)
        self.holds = HoldRepository(session)
        self.ledger = LedgerRepository(session)
        self.mail = MailRepository(session)
        self.outbox = OutboxRepository(session)
        self.catalogue = CatalogueRepository(session)
        self.payments = PaymentRepository(session)
        self.site_visits = SiteVisitRepository(session)
        self.settings = SettingsRepository(session)
        self.marks = JobMarkRepository(session)
        self.calendar_pushes = CalendarPushRepository(session)
        self.offer_documents = OfferDocumentRepository(session)
        self.lost = LostReasonRepository(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        self._locked_threads = []
        session.close()

    def commit(self) -> None:
        """Make everything done so far durable; the unit of work may go on with a new transaction."""
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit; open a UnitOfWork to write")
        self.session.commit()
        self.ledger.forget()  # the thread lock is gone: other turns may record calls now
        self.inbox.forget()

    def rollback(self) -> None:
        """Discard everything since the last commit."""
        self.session.rollback()
        self.events.forget()
        self.ledger.forget()
        self.inbox.forget()

    def lock_thread(self, thread_id: str, inbox_key: str | None = None) -> bool:
        """Serialise turns on a thread until commit/rollback; False when the thread does not exist (yet). The same
        query brings the thread's event, the venue settings, the inbox item stored under `inbox_key` and (PostgreSQL)
        the digest of the thread's ledger, so the turn's first reads of them, its look for a redelivered key, the
        ledger lookups of new tool calls, the numbering of a new task and the look for open tasks of a thread that has
        none, cost nothing."""
        read = lock_thread_for_turn(self.session, thread_id, inbox_key)
        if read.thread is None:
            return False
        self._locked_threads.append(read.thread)  # held strongly: the turn's later reads of the thread cost no SELECT
        self.events.remember(thread_id, read.event)
        self.settings.remember(read.settings)
        if inbox_key is not None:
            self.inbox.remember(thread_id, inbox_key, read.inbox)
        if read.ledger is not None:
            self.ledger.remember(thread_id, read.ledger)
            if read.ledger.tasks is not None:
                keep_task_digest(self.session, thread_id, read.ledger.tasks)
        return True
