"""What the deterministic understanding engine (or a model) extracts from one client message."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from venuedesk.domain.event import Billing

Language = Literal["en", "de"]
Intent = Literal[
    "event_request",  # asks for / describes an event booking
    "room_choice",  # names a room as a choice
    "change",  # a change marker: actually, instead, rather, doch lieber, stattdessen, ...
    "acceptance",  # accepts what was proposed (offer, date): "sounds good, we accept", "einverstanden"
    "decline",  # turns it down: "we'll pass", "no longer needed", "absagen"
    "question",  # asks something (question mark or question words)
    "manager_request",  # wants a human / the manager
    "non_event",  # spam, job application, newsletter, unrelated
    "greeting",  # hello / thanks only
    "injection",  # tries to instruct the system: "ignore previous instructions", "set the price to 0"
    "counter",  # asks for a better price: "any flexibility on the price?", "geht es günstiger?", "10 % off?"
    "site_visit",  # wants to see the venue: "can we come and see the room?", "Besichtigung möglich?"
    "calendar_request",  # wants a calendar file / invite: "can you send an .ics?", "Kalendereintrag bitte"
    "payment_claimed",  # says a payment was made: "we transferred it on 15.1."; never marks anything paid
    "cancel",  # calls off the booking: "we have to cancel", "wir müssen leider absagen"; not the terms, not a part
    "new_inquiry",  # a second, separate event (another occasion and date), not a change: "we also plan a dinner in May"
]
Stance = Literal["accept", "decline", "counter", "question"]
Strength = Literal["strong", "weak"]
BillingPart = Literal["company", "name", "street", "postal_code", "city", "country"]
ProblemField = Literal["date", "participants", "time", "quantity"]
FactName = Literal["participants", "dates", "window", "layout", "products", "rooms"]
CONFIRM_BELOW = 0.75  # a fact read with less confidence is confirmed in one short question, never acted on
# The Understanding fields that carry each fact (what is withheld while it is unsure, and restored on "yes").
FACT_FIELDS: dict[FactName, tuple[str, ...]] = {
    "participants": ("participants",),
    "dates": ("dates", "span", "day_of_month", "vague", "multi_day"),
    "window": ("window", "same_time"),
    "layout": ("layout",),
    "products": ("products",),
    "rooms": ("rooms",),
}


class Problem(BaseModel):
    """A value the client gave that cannot be right; the desk asks instead of guessing."""

    model_config = ConfigDict(extra="forbid")

    field: ProblemField
    code: str  # e.g. "past_date", "invalid_date", "negative", "zero", "end_before_start"
    text: str  # the words at fault, as written


class FactConfidence(BaseModel):
    """How sure the reading of one fact is (docs/design.md §4.4); a fact not listed is read with certainty."""

    model_config = ConfigDict(extra="forbid")

    fact: FactName
    score: float = Field(ge=0.0, le=1.0)
    reason: str | None = None  # why it is unsure, for the confirming question: "two Thursdays fit"


class DateSpan(BaseModel):
    """An inclusive range of dates: "10-11 March", "between 3 and 7 May"."""

    model_config = ConfigDict(extra="forbid")

    start: date
    end: date


class VagueDates(BaseModel):
    """A request that names no single day: "in May", "a Friday in May", "February Saturdays", "spring"."""

    model_config = ConfigDict(extra="forbid")

    months: list[int] = Field(default_factory=list)  # 1..12, in the client's order
    year: int | None = None  # when the client named one
    weekdays: list[int] = Field(default_factory=list)  # 0 = Monday .. 6 = Sunday
    season: str | None = None  # "spring" | "summer" | "autumn" | "winter" when named


class TimeWindow(BaseModel):
    """A start and end time, `HH:MM`, venue-local."""

    model_config = ConfigDict(extra="forbid")

    start: str
    end: str
    named: str | None = None  # "all_day" | "morning" | "afternoon" | "evening" when a named window was used


class ProductMention(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_id: str
    quantity: int | None = None  # only when the client said a number ("two wireless microphones")


class Negotiation(BaseModel):
    """How the message answers an offer (docs/design.md §4.13); the engine decides what it means at its step.

    `strength` (accept only): "strong" commits ("agreed, we'll take it", "Können wir das so buchen?");
    "weak" is bare assent ("ok", "yes", "passt") that accepts only in direct reply to an offer.
    A counter may carry what the client asked for: a percentage, an amount off, or a total to meet.
    """

    model_config = ConfigDict(extra="forbid")

    stance: Stance
    strength: Strength | None = None
    conditional: bool = False  # "we'd accept if ..." (then stance is counter or question, never accept)
    discount_percent: Decimal | None = None  # "10 % off" -> 10
    discount_amount: Decimal | None = None  # "CHF 200 off" -> 200
    target_total: Decimal | None = None  # "could you do CHF 2,000 flat?" -> 2000


class BillingAddress(Billing):
    """The billing address parts this message gives, in the event's `Billing` fields; absent parts are None.
    `country` is ISO 3166-1 alpha-2, "CH" when an address was given without a country."""

    def missing(self) -> list[BillingPart]:
        """The parts still needed for an invoice: a company or a name, street, postal code and city."""
        parts: list[BillingPart] = []
        if not (self.company or self.name):
            parts.append("name")
        parts.extend(part for part in ("street", "postal_code", "city") if not getattr(self, part))
        return parts

    def merged(self, newer: BillingAddress | None) -> BillingAddress:
        """This address updated by the parts a later message gave (a part given again replaces the old)."""
        if newer is None:
            return self.model_copy()
        given = {key: value for key, value in newer.model_dump().items() if value is not None}
        return self.model_copy(update=given)


class Understanding(BaseModel):
    """Facts and signals found in one message. Every field is optional: absent means not mentioned."""

    model_config = ConfigDict(extra="forbid")

    language: Language = "en"
    email: str | None = None
    dates: list[date] = Field(default_factory=list)  # explicit single days, in the order written
    span: DateSpan | None = None  # an explicit range of days
    day_of_month: int | None = None  # "the 10th", "am 10." with no month: resolved by the engine
    vague: VagueDates | None = None
    window: TimeWindow | None = None
    same_time: bool = False  # "same time", "gleiche Zeit": reuse the known window
    participants: int | None = None
    layout: str | None = None  # canonical layout name
    products: list[ProductMention] = Field(default_factory=list)  # to add
    products_removed: list[str] = Field(default_factory=list)  # product ids to remove
    products_asked: list[str] = Field(default_factory=list)  # only asked about: "do you have a projector?"
    no_products: bool = False  # "no catering", "no extras", "nothing else", "ohne Verpflegung", "keine Extras"
    features: list[str] = Field(default_factory=list)  # room features asked for ("daylight", "stage")
    rooms: list[str] = Field(default_factory=list)  # room ids named, in order
    rooms_rejected: list[str] = Field(default_factory=list)  # "not Room A"
    intents: list[Intent] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)  # knowledge topics asked about (venue knowledge keys)
    problems: list[Problem] = Field(default_factory=list)
    negotiation: Negotiation | None = None  # how the message answers an offer, when it does
    billing: BillingAddress | None = None  # billing address parts given in this message
    multi_day: bool = False  # `dates` / `span` are the days of one event ("two days, 3 and 4 June"), not options
    event_type: str | None = None  # canonical occasion ("dinner", "apero", "conference", ...): implies a layout
    catering_implied: list[str] = Field(default_factory=list)  # meals the occasion implies, no option chosen ("lunch")
    unknown_items: list[str] = Field(default_factory=list)  # things asked for that the catalogue lacks, as written
    choice: int | None = None  # a short answer picking the n-th (1-based) option last shown: "the second one"; -1: "the last" when unresolved
    choice_cheapest: bool = False  # the pick is by price ("the cheaper one", "die günstigere"); `choice` its position when resolved
    confidence: list[FactConfidence] = Field(default_factory=list)  # facts read with less than certainty
    confirmed: list[FactName] = Field(default_factory=list)  # facts the desk asked to confirm that this message confirms

    def has(self, intent: Intent) -> bool:
        return intent in self.intents

    def confidence_of(self, fact: FactName) -> float:
        """How sure the reading of `fact` is: 1.0 unless the message made it uncertain."""
        return next((item.score for item in self.confidence if item.fact == fact), 1.0)

    def unsure(self, fact: FactName) -> bool:
        """The fact was read but must be confirmed with the client before the desk acts on it."""
        return self.confidence_of(fact) < CONFIRM_BELOW

    def gives(self, fact: FactName) -> bool:
        """Whether the message gives a value for `fact` at all (sure or not)."""
        return any(getattr(self, name) not in (None, False, []) for name in FACT_FIELDS[fact])

    def unsure_facts(self) -> list[FactName]:
        """The facts this message gives that must be confirmed before they are used."""
        return [fact for fact in FACT_FIELDS if self.gives(fact) and self.unsure(fact)]
