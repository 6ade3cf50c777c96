"""Typed client actions (buttons, deep links): validated like tool arguments, then run as facts."""

from __future__ import annotations

import datetime as _dt
from datetime import date, time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from venuedesk.domain.calendar import CALENDAR_FIRST, CALENDAR_LAST
from venuedesk.domain.catalogue import Venue
from venuedesk.workflow.errors import InputError
from venuedesk.understanding.model import Negotiation, ProductMention, TimeWindow, Understanding


class ActionError(InputError):
    """An action the desk cannot take: unknown name or wrong arguments; the message says which and why."""


class _Args(BaseModel):
    """Every action may carry `ref`: the table or offer its button belongs to, sent back as given, so a button
    from a superseded table is refused with the current options (absent: taken as current)."""

    model_config = ConfigDict(extra="forbid")

    ref: str | None = Field(default=None, max_length=64)


class SelectDate(_Args):
    date: date

    @field_validator("date")
    @classmethod
    def _within_the_calendar(cls, value: _dt.date) -> _dt.date:
        """Refuse dates the desk never books (year 1, year 9999, ...) as bad input, with the range that works."""
        if not CALENDAR_FIRST <= value <= CALENDAR_LAST:
            raise ValueError(f"{value.isoformat()} is outside the calendar the desk books "
                             f"({CALENDAR_FIRST.isoformat()} to {CALENDAR_LAST.isoformat()}); "
                             f"choose a date from the table or send one such as 2026-03-10")
        return value


class SelectRoom(_Args):
    room_id: str


class AddProduct(_Args):
    product_id: str
    quantity: int | None = Field(default=None, ge=1, le=10000)


class RemoveProduct(_Args):
    product_id: str


class NoArgs(_Args):
    pass


class UseWindow(_Args):
    start: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="start HH:MM")
    end: str = Field(
        pattern=r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$",
        description="end HH:MM; 24:00 is midnight, an end before the start up to 06:00 the next morning",
    )


class OfferRef(_Args):
    offer_id: str


class TakeSecondOption(_Args):
    room_id: str
class SelectSiteVisit(_Args):
    slot: _dt.datetime = Field(description="the visit's start, ISO local datetime in venue time, e.g. 2026-02-04T10:00")

    @field_validator("slot")
    @classmethod
    def _within_the_calendar(cls, value: _dt.datetime) -> _dt.datetime:
        """A slot outside the calendar the desk books is bad input, with an example that works."""
        if not CALENDAR_FIRST <= value.date() <= CALENDAR_LAST:
            raise ValueError(f"{value.isoformat()} is outside the calendar the desk books; choose a slot from the "
                             f"table, e.g. 2026-02-04T10:00")
        return value


ACTIONS: dict[str, type[_Args]] = {
    "select_date": SelectDate,
    "select_room": SelectRoom,
    "add_product": AddProduct,
    "remove_product": RemoveProduct,
    "no_products": NoArgs,
    "use_default_window": NoArgs,
    "use_window": UseWindow,
    "accept_offer": OfferRef,
    "decline_offer": OfferRef,
    "download_ics": NoArgs,
    "cancel_booking": NoArgs,
    "take_second_option": TakeSecondOption,
    "select_site_visit": SelectSiteVisit,
}


def parse_action(name: str, args: dict[str, Any] | None) -> _Args:
    """Validate an action; unknown names and bad arguments raise ActionError naming the problem."""
    model = ACTIONS.get(name)
    if model is None:
        raise ActionError(f"unknown action {name!r}; known actions: {', '.join(sorted(ACTIONS))}",
                          field="name")
    try:
        return model.model_validate(args or {})
    except ValidationError as exc:
        problems = "; ".join(_problem(err) for err in exc.errors())
        raise ActionError(f"action {name!r} has invalid arguments: {problems}", field="args") from exc


def _problem(error: Any) -> str:
    field = ".".join(str(part) for part in error["loc"]) or "args"
    given = f" (got {error['input']!r})" if error["type"] not in ("missing", "extra_forbidden") else ""
    hint = "; use an ISO date such as 2026-03-10" if error["type"].startswith("date") else ""
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}{given}{hint}"


def action_facts(name: str, args: _Args, venue: Venue, language: str) -> Understanding:
    """The facts an action stands for, so it runs through the same pipeline as a message."""
    facts = Understanding(language=language)
    if isinstance(args, SelectDate):
        facts.dates = [args.date]
    elif isinstance(args, SelectRoom):
        _known(venue.has_room(args.room_id), "room_id", args.room_id, [room.id for room in venue.rooms])
        facts.rooms = [args.room_id]
        facts.intents = ["room_choice"]
    elif isinstance(args, AddProduct):
        _known(venue.has_product(args.product_id), "product_id", args.product_id, [p.id for p in venue.products])
        facts.products = [ProductMention(product_id=args.product_id, quantity=args.quantity)]
    elif isinstance(args, RemoveProduct):
        _known(venue.has_product(args.product_id), "product_id", args.product_id, [p.id for p in venue.products])
        facts.products_removed = [args.product_id]
    elif name == "no_products":
        facts.no_products = True
    elif isinstance(args, UseWindow):
        facts.window = TimeWindow(start=args.start, end=args.end)
    elif name == "use_default_window":
        start, end = venue.policies.default_window
        facts.window = TimeWindow(start=_hhmm(start), end=_hhmm(end))
    elif name == "accept_offer":
        facts.intents = ["acceptance"]
    elif name == "decline_offer":
        facts.intents = ["decline"]
    elif name == "download_ics":
        facts.intents = ["calendar_request"]
    elif name == "cancel_booking":
        # Before the offer is accepted a cancellation is a decline (step 5); from step 6 on, a cancellation.
        facts.intents = ["cancel", "decline"]
        facts.negotiation = Negotiation(stance="decline")
    elif isinstance(args, TakeSecondOption):  # run by workflow.second_options.take, not by the facts
        _known(venue.has_room(args.room_id), "room_id", args.room_id, [room.id for room in venue.rooms])
    elif isinstance(args, SelectSiteVisit):
        facts.intents = ["site_visit"]
    return facts


def _known(ok: bool, field: str, value: str, choices: list[str]) -> None:
    if not ok:
        raise ActionError(f"{field}: unknown {field.removesuffix('_id')} {value!r}; use one of {', '.join(choices)}",
                          field="args")


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")
