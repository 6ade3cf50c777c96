"""Arguments and results of the booking tools (docs/design.md §4.6); strict JSON schemas come from these."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

HHMM = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="venue-local time HH:MM")
END_HHMM = Field(
    pattern=r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$",
    description=(
        "venue-local end time HH:MM; 24:00 is midnight; an end before the start up to 06:00 is the next"
        " morning"
    ),
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DatesCheckArgs(Strict):
    dates: list[date] = Field(min_length=1, max_length=31)
    start_time: str = HHMM
    end_time: str = END_HHMM
    participants: int | None = Field(default=None, ge=1, le=100000)
    layout: str | None = None


DateStatus = Literal[
    "available", "unconfirmed", "past", "too_soon", "too_late", "closed", "no_room_fits", "fully_booked"
]


class CalendarFailureOut(Strict):
    """A venue calendar that could not be read: its rooms are unconfirmed, never free."""

    source_id: str
    reason: Literal["timeout", "error", "not_configured"]
    detail: str = ""


class DateCheck(Strict):
    date: date
    status: DateStatus = Field(description="unconfirmed: the only free rooms are in calendars that could not be read")
    reason: str | None = None
    free_rooms: list[str] = Field(default_factory=list)
    unconfirmed_rooms: list[str] = Field(default_factory=list)


class DatesCheckResult(Strict):
    results: list[DateCheck]


class DatesProposeArgs(Strict):
    after: date
    before: date | None = None
    count: int = Field(ge=1, le=10)
    weekdays: list[int] = Field(default_factory=list, description="0 = Monday .. 6 = Sunday")
    months: list[int] = Field(default_factory=list)
    start_time: str = HHMM
    end_time: str = END_HHMM
    participants: int | None = Field(default=None, ge=1, le=100000)
    layout: str | None = None


class DatesProposeResult(Strict):
    dates: list[date]


class RoomsSearchArgs(Strict):
    date: date
    participants: int = Field(ge=1, le=100000)
    layout: str | None = None
    start_time: str = HHMM
    end_time: str = END_HHMM
    special: list[str] = Field(default_factory=list)


RoomStatus = Literal["Available", "Unconfirmed", "Option", "Confirmed"]


class RoomOption(Strict):
    room_id: str
    name: str
    layout: str | None = None
    capacity: int
    fits: bool
    reason: str | None = None
    status: RoomStatus
    features_matched: int
    price: float


class RoomsSearchResult(Strict):
    rooms: list[RoomOption]


class RoomHoldArgs(Strict):
    room_id: str
    date: date
    start_time: str = HHMM
    end_time: str = END_HHMM


class RoomHoldResult(Strict):
    status: Literal["held", "unavailable"]
    room_id: str
    date: date
    expires_at: str | None = None
    reason: str | None = None
    unconfirmed: list[CalendarFailureOut] = Field(
        default_factory=list, description="the room's calendars that could not be read: the venue must check them"
    )


class RoomReleaseArgs(Strict):
    room_id: str


class RoomReleaseResult(Strict):
    released: bool


class ProductChoice(Strict):
    product_id: str
    quantity: int | None = Field(default=None, ge=1, le=10000)


class ProductsUpdateArgs(Strict):
    add: list[ProductChoice] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)
    none: bool = Field(default=False, description="the client decided on no products")


class ProductRejection(Strict):
    product_id: str
    reason: Literal["unknown", "not_served_in_room", "out_of_season"]


class ProductsUpdateResult(Strict):
    products: list[ProductChoice]
    rejected: list[ProductRejection] = Field(default_factory=list)


class OfferComposeArgs(Strict):
    pass


class GateFailureOut(Strict):
    gate: str
    step: int
    reason: str


class OfferLineOut(Strict):
    kind: Literal["room", "product", "discount"]
    ref: str
    label: str
    quantity: int
    unit_price: float
    total: float


class OfferDraftOut(Strict):
    lines: list[OfferLineOut]
    total: float
    vat: float
    deposit_required: bool
    deposit_amount: float
    deposit_due: date | None = None


class OfferComposeResult(Strict):
    status: Literal["composed", "gate_failed"]
    failures: list[GateFailureOut] = Field(default_factory=list)
    offer: OfferDraftOut | None = None


HilType = Literal[
    "offer_approval", "confirmation_approval", "manager_request", "manual_review", "counter_limit",
    "tool_failure", "product_sourcing", "counter_offer", "cancellation", "reply_approval",
]


class HilCreateArgs(Strict):
    type: HilType
    summary: str = Field(max_length=2000)
    draft_json: str | None = Field(default=None, description="the held reply as JSON, if any")
    offer_id: str | None = None
    offer_version: int | None = None


class HilCreateResult(Strict):
    task_id: str
    status: str


class KbSearchArgs(Strict):
    query: str = Field(max_length=2000)


class KbAnswer(Strict):
    topic: str
    answer: str


class KbSearchResult(Strict):
    answers: list[KbAnswer]


class BookingConfirmArgs(Strict):
    pass


class BookingConfirmResult(Strict):
    status: Literal["confirmed", "already_confirmed", "no_hold", "taken"]
    room_id: str | None = None
    day: date | None = None


class BookingMoveArgs(Strict):
    room_id: str
    date: date
    start_time: str = HHMM
    end_time: str = END_HHMM


class BookingMoveResult(Strict):
    status: Literal["moved", "unavailable", "unconfirmed"]
    room_id: str
    date: date
    reason: str | None = Field(default=None, description="why the slot cannot be booked: the booking or calendar "
                                                         "in the way")


class EventCancelArgs(Strict):
    reason: str | None = Field(default=None, max_length=500, description="the client's reason, if given")


class EventCancelResult(Strict):
    status: Literal["lost", "cancelled"]
    released: int = Field(description="bookings of the event released (holds or the confirmed booking)")
    paid: float
    refund: float
    band: Literal["before_confirmation", "paid_minus_fee", "partial", "none"]
    days_before: int


class OfferAcceptArgs(Strict):
    offer_id: str = Field(max_length=120, description="the id of the sent offer the client accepts")


class OfferAcceptResult(Strict):
    status: Literal["accepted", "already_accepted"]
    offer_id: str
    accepted_at: str = Field(description="when the offer was accepted (ISO 8601, venue time)")
    deposit_required: bool
    deposit_amount: float | None = None
    deposit_due: date | None = None
    holds_kept: int = Field(description="holds whose 7-day expiry the acceptance stopped")


class OfferDeclineArgs(Strict):
    offer_id: str = Field(max_length=120, description="the id of the sent offer the client declines")
    reason: str | None = Field(default=None, max_length=500, description="why, in the client's words")


class OfferDeclineResult(Strict):
    status: Literal["declined", "already_declined"]
    offer_id: str
    reason: str | None = None


class OfferDiscountArgs(Strict):
    offer_id: str = Field(max_length=120, description="the live offer the discount applies to")
    percent: float | None = Field(default=None, ge=1, le=50, description="percent of the pre-discount total")
    amount: float | None = Field(default=None, gt=0, description="CHF off the pre-discount total")


class OfferDiscountResult(Strict):
    base_offer_id: str
    discount: float = Field(description="the positive CHF value of the Discount line")
    offer: OfferDraftOut


BillingPartName = Literal["company", "name", "street", "postal_code", "city", "country"]


class BillingUpdateArgs(Strict):
    """The billing address parts a message gave (null: not given); country ISO 3166-1 alpha-2, default CH."""

    company: str | None = Field(default=None, max_length=200)
    name: str | None = Field(default=None, max_length=200)
    street: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")


class BillingUpdateResult(Strict):
    company: str | None = None
    name: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    missing: list[BillingPartName] = Field(default_factory=list)
    complete: bool


class DepositMarkPaidArgs(Strict):
    """Manager only: the deposit of the event's accepted offer was received (`amount` in the venue's currency)."""

    amount: float = Field(gt=0, le=10_000_000)
    reference: str | None = Field(default=None, max_length=200, description="the bank or payment reference")


class DepositMarkPaidResult(Strict):
    status: Literal["paid", "already_paid"]
    offer_id: str
    amount: float
    reference: str
    paid_at: str


class PaymentRecordArgs(Strict):
    """System only (payment webhook): record one payment notification, applied or not, with the reason."""

    offer_id: str = Field(max_length=64)
    amount: float = Field(ge=0, le=10_000_000)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    reference: str = Field(min_length=1, max_length=200)
    applied: bool
    reason: str = Field(max_length=500)


class PaymentRecordResult(Strict):
    status: Literal["recorded", "duplicate"]
    reference: str
    applied: bool


class SecondOptionTakeArgs(Strict):
    room_id: str = Field(description="a room another event holds on option at this event's date and window")


SecondOptionStatus = Literal["queued", "already_queued", "not_on_option", "holds_room", "needs_date"]


class SecondOptionTakeResult(Strict):
    status: SecondOptionStatus
    room_id: str
    room_status: RoomStatus | None = None
    rank: int | None = Field(default=None, description="2 = the 2nd option, 3 = the 3rd, ...")
    ahead_expires_at: str | None = Field(default=None, description="when the hold ahead lapses, if it can")


SLOT = Field(
    pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$",
    description="the visit's start, ISO local datetime in venue time, e.g. 2026-02-04T10:00",
)
SiteVisitStatus = Literal["booked", "moved", "unchanged", "refused"]
SiteVisitProblemOut = Literal["not_a_slot", "too_soon", "not_before_event", "closed", "taken"]


class SiteVisitBookArgs(Strict):
    slot: str = SLOT


class SiteVisitBookResult(Strict):
    """`booked` / `moved` (from `previous`) / `unchanged` (the event already has it) / `refused` (with `problem`
    and the next free slots)."""

    status: SiteVisitStatus
    slot: str
    end: str | None = None
    previous: str | None = None
    problem: SiteVisitProblemOut | None = None
    free_slots: list[str] = Field(default_factory=list)
