"""Typed repositories over the store's tables; each takes the unit of work's session."""

from venuedesk.store.repositories.bookings import BookingRepository, NoHold, RoomUnavailable, UnknownRoom
from venuedesk.store.repositories.calendar_pushes import CalendarPushRepository
from venuedesk.store.repositories.catalogue import CatalogueRepository
from venuedesk.store.repositories.events import EventRepository
from venuedesk.store.repositories.function_sheets import FunctionSheetRepository
from venuedesk.store.repositories.hil import HIL_DECISIONS, HilRepository
from venuedesk.store.repositories.holds import HoldRepository
from venuedesk.store.repositories.inbox import DuplicateInboxKey, InboxRepository
from venuedesk.store.repositories.job_marks import JobMarkRepository
from venuedesk.store.repositories.ledger import LedgerConflict, LedgerRepository
from venuedesk.store.repositories.mail import MailRepository
from venuedesk.store.repositories.messages import MessageRepository
from venuedesk.store.repositories.offer_documents import OfferDocumentRepository, StoredOfferDocument
from venuedesk.store.repositories.outbox import OutboxRepository
from venuedesk.store.repositories.payments import PaymentRepository
from venuedesk.store.repositories.threads import ThreadRepository
from venuedesk.store.repositories.settings import SettingsRepository
from venuedesk.store.repositories.site_visits import SiteVisitRepository, SlotTaken

__all__ = [
    "HIL_DECISIONS",
    "BookingRepository",
    "CalendarPushRepository",
    "CatalogueRepository",
    "DuplicateInboxKey",
    "EventRepository",
    "FunctionSheetRepository",
    "HilRepository",
    "HoldRepository",
    "InboxRepository",
    "JobMarkRepository",
    "LedgerConflict",
    "LedgerRepository",
    "MailRepository",
    "MessageRepository",
    "NoHold",
    "OfferDocumentRepository",
    "OutboxRepository",
    "PaymentRepository",
    "RoomUnavailable",
    "ThreadRepository",
    "UnknownRoom",
    "SettingsRepository",
    "SiteVisitRepository",
    "SlotTaken",
    "StoredOfferDocument",
]
