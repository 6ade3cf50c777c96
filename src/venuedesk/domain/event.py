"""The state of one booking thread (docs/design.md §4.3), as one validated document."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, model_validator

from venuedesk.domain.requirements import Requirements, requirements_hash

EventStatus = Literal["Lead", "Option", "Confirmed", "Cancelled", "Lost"]
ThreadState = Literal["Awaiting Client", "Waiting on HIL", "Checking", "Closed"]
OfferStatus = Literal["Draft", "Sent", "Superseded", "Accepted", "Declined"]

STEP_LABELS: dict[int, str] = {
    1: "Intake",
    2: "Date",
    3: "Room",
    4: "Offer",
    5: "Negotiation",
    6: "Billing & deposit",
    7: "Confirmation",
}


class ProductLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_id: str
    quantity: int


class OfferLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["room", "product", "discount"]
    ref: str
    label: str
    quantity: int
    unit_price: Decimal
    total: Decimal

    @field_serializer("unit_price", "total")
    def _money(self, value: Decimal) -> float:
        return float(value)


class DepositTerms(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Decimal
    due: date | None = None

    @field_serializer("amount")
    def _money(self, value: Decimal) -> float:
        return float(value)


class Offer(BaseModel):
    """One priced version of the offer; a new price makes a new version."""

    model_config = ConfigDict(extra="forbid")

    offer_id: str
    version: int
    status: OfferStatus = "Draft"
    lines: list[OfferLine]
    total: Decimal
    vat: Decimal
    deposit: DepositTerms
    chosen_date: date
    start_time: str
    end_time: str
    room_id: str
    created_at: datetime | None = None
    accepted_at: datetime | None = None

    @field_serializer("total", "vat")
    def _money(self, value: Decimal) -> float:
        return float(value)


class Billing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    company: str | None = None
    name: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None


class Deposit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    required: bool = False
    amount: Decimal | None = None
    due: date | None = None
    paid_at: datetime | None = None

    @field_serializer("amount")
    def _money(self, value: Decimal | None) -> float | None:
        return None if value is None else float(value)


RefundBand = Literal["before_confirmation", "paid_minus_fee", "partial", "none"]


class Cancellation(BaseModel):
    """A cancellation the client asked for (docs/design.md §4.13): the venue date it was asked on, the refund the
    policy gives for that day, and whether it waits for the manager (`requested`), is done or was refused."""

    model_config = ConfigDict(extra="forbid")

    requested_on: date
    status: Literal["requested", "done", "refused"] = "requested"
    reason: str | None = None
    paid: Decimal
    refund: Decimal
    band: RefundBand
    days_before: int

    @field_serializer("paid", "refund")
    def _money(self, value: Decimal) -> float:
        return float(value)
class SiteVisit(BaseModel):
    """A booked site visit (docs/design.md §4.13): when it starts and ends, venue time; it never holds a room."""

    model_config = ConfigDict(extra="forbid")

    slot: datetime
    end: datetime
    booked_at: datetime


AuditKind = Literal["step", "client_action", "manager_decision", "tool", "message", "privacy"]


class AuditEntry(BaseModel):
    """One audited happening: a step change, a client action, a manager decision, a side effect, a sent message."""

    model_config = ConfigDict(extra="forbid")

    at: datetime
    actor: str
    kind: AuditKind = "step"
    from_step: int | None = None
    to_step: int | None = None
    reason: str
    detail: dict[str, Any] | None = None


class DateRequest(BaseModel):
    """A vague date wish kept across turns: months, weekdays, a span."""

    model_config = ConfigDict(extra="forbid")

    months: list[int] = Field(default_factory=list)
    year: int | None = None
    weekdays: list[int] = Field(default_factory=list)
    first: date | None = None
    last: date | None = None
    days: list[date] = Field(default_factory=list)  # days named as alternatives ("9, 10 or 16 April"): checked as named


# What a reply ending with a next key asks the client for, as MessageContext.asked names it.
ASKED_BY_NEXT_KEY: dict[str, str] = {
    "participants": "participants", "date": "date", "window": "window", "room": "room", "products": "products",
    "billing": "billing", "answer_offer": "offer",
}

INTERNAL_FIELDS = frozenset(
    {"revision", "window_asked", "suggested_window", "date_request", "pending_date", "proposed_dates",
     "held_slot", "multi_day_dates", "model_calls", "model_tokens", "live_refs", "payment_tasks",
     "deposit_overdue_for", "last_shown_rooms", "last_shown_products", "spawned_threads",
     "event_type", "layout_implied", "catering_open", "unknown_items", "last_asked", "to_confirm", "staff_notes"}
)


class EventState(BaseModel):
    """Everything the engine knows about one booking; the engine is its only writer."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    event_id: str
    thread_id: str
    status: EventStatus = "Lead"
    current_step: int = 1
    caller_step: int | None = None
    thread_state: ThreadState = "Awaiting Client"
    language: Literal["en", "de"] = "en"
    client_email: str | None = None
    client_name: str | None = None
    requirements: Requirements = Field(default_factory=Requirements)
    requirements_hash: str = ""
    chosen_date: date | None = None
    date_confirmed: bool = False
    locked_room_id: str | None = None
    room_eval_hash: str | None = None
    hold_expires_at: datetime | None = None
    products: list[ProductLine] = Field(default_factory=list)
    products_decided: bool = False
    offers: list[Offer] = Field(default_factory=list)
    billing: Billing = Field(default_factory=Billing)
    deposit: Deposit = Field(default_factory=Deposit)
    counter_count: int = 0
    cancellation: Cancellation | None = None
    audit: list[AuditEntry] = Field(default_factory=list)
    # Engine bookkeeping, not part of the public 4.3 view.
    revision: int = 0
    window_asked: bool = False
    suggested_window: tuple[str, str] | None = None  # offered instead of a window the venue cannot book
    date_request: DateRequest | None = None
    pending_date: date | None = None
    proposed_dates: list[date] = Field(default_factory=list)
    held_slot: str | None = None  # "room|date|start|end" of the current hold, to know when it must move
    multi_day_dates: list[date] = Field(default_factory=list)  # every day of a multi-day event, for the manager
    model_calls: int = 0  # model calls and tokens spent on this thread (all providers)
    model_tokens: int = 0
    live_refs: dict[str, str] = Field(default_factory=dict)  # table kind → ref of the buttons still current
    payment_tasks: list[str] = Field(default_factory=list)  # manual_review tasks about the deposit (closed when paid)
    deposit_overdue_for: str | None = None  # the offer whose overdue deposit already has its manual_review task
    last_shown_rooms: list[str] = Field(default_factory=list)  # room ids of the last room table, in the order shown
    last_shown_products: list[str] = Field(default_factory=list)  # product ids the desk last listed as options
    spawned_threads: list[str] = Field(default_factory=list)  # threads opened for separate inquiries (§4.3)
    # What the desk's last reply asked for (MessageContext.asked): its next key's fact, facts to confirm or fix.
    last_asked: list[str] = Field(default_factory=list)
    # Facts read with low confidence, not captured, waiting for the client's yes: fact → its Understanding fields.
    to_confirm: dict[str, dict[str, Any]] = Field(default_factory=dict)
    site_visit: SiteVisit | None = None
    event_type: str | None = None  # the occasion the client named first ("dinner"); implies layout and meal
    layout_implied: bool = False  # requirements.layout came from the event type, not from the client
    catering_open: list[str] = Field(default_factory=list)  # meals the occasion implies, no option chosen yet
    unknown_items: list[str] = Field(default_factory=list)  # asked for, not in the catalogue: asked about
    staff_notes: str | None = None  # the manager's notes for the staff (an amendment), on the function sheet only

    @model_validator(mode="before")
    @classmethod
    def _absorb_last_prompt(cls, data: Any) -> Any:
        """Rows saved before `last_asked` was the one record of what the last reply asked still load: their
        `last_prompt` (the reply's next key) joins `last_asked`."""
        if not isinstance(data, dict) or "last_prompt" not in data:
            return data
        data = dict(data)
        prompted = ASKED_BY_NEXT_KEY.get(data.pop("last_prompt") or "")
        asked = list(data.get("last_asked") or [])
        data["last_asked"] = asked + [prompted] if prompted and prompted not in asked else asked
        return data

    def refresh_hash(self) -> None:
        """Recompute requirements_hash after any change to requirements."""
        self.requirements_hash = requirements_hash(self.requirements)

    @property
    def offer(self) -> Offer | None:
        """The latest offer that is not superseded."""
        live = [offer for offer in self.offers if offer.status != "Superseded"]
        return live[-1] if live else None

    def move_to(self, step: int, *, at: datetime, actor: str, reason: str) -> None:
        """Move to `step`, recording an audit entry (no entry when the step does not change)."""
        if step == self.current_step:
            return
        self.audit.append(
            AuditEntry(at=at, actor=actor, from_step=self.current_step, to_step=step, reason=reason)
        )
        self.current_step = step

    def record(
        self, kind: AuditKind, *, at: datetime, actor: str, reason: str, detail: dict[str, Any] | None = None
    ) -> None:
        """Append a non-step audit entry (client action, manager decision, tool side effect, sent message)."""
        self.audit.append(AuditEntry(at=at, actor=actor, kind=kind, reason=reason, detail=detail))

    def public_view(self) -> dict[str, Any]:
        """The 4.3 fields as JSON-ready data, with `offer`, for replies and run-script --json."""
        data = self.model_dump(mode="json", exclude=set(INTERNAL_FIELDS))
        data["offer"] = None if self.offer is None else self.offer.model_dump(mode="json")
        return data
