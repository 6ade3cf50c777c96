"""What the deterministic understanding engine (or a model) extracts from one client message."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
]
ProblemField = Literal["date", "participants", "time", "quantity"]


class Problem(BaseModel):
    """A value the client gave that cannot be right; the desk asks instead of guessing."""

    model_config = ConfigDict(extra="forbid")

    field: ProblemField
    code: str  # e.g. "past_date", "invalid_date", "negative", "zero", "end_before_start"
    text: str  # the words at fault, as written


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

    def has(self, intent: Intent) -> bool:
        return intent in self.intents
