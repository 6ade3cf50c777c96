"""Capture what a message gives into the event; later changes become detours (docs/design.md §4.5)."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date

from venuedesk.domain import calendar
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import DateRequest, EventState
from venuedesk.domain.requirements import Requirements, requirements_hash
from venuedesk.understanding.confirming import certain
from venuedesk.understanding.model import Understanding



MAX_NAMED_DAYS = 31  # days named as alternatives that are checked one by one (the dates_check limit)


@dataclass
class Capture:
    """What changed, so the engine knows which detour (if any) to take."""

    date_changed: bool = False
    date_request_changed: bool = False
    requirements_changed: bool = False
    room_changed: bool = False
    products_touched: bool = False
    chosen_room: str | None = None
    layout_implied: str | None = None  # a layout this message's occasion implied, to be stated in the reply
    catering_opened: list[str] = field(default_factory=list)  # meals the occasion implies, newly to ask about

    def kinds(self) -> tuple[str, ...]:
        """The change kinds (docs/design.md §4.5) this capture holds: date, requirements, room, products."""
        flags = {
            "date": self.date_changed or self.date_request_changed,
            "requirements": self.requirements_changed,
            "room": self.room_changed,
            "products": self.products_touched,
        }
        return tuple(kind for kind, changed in flags.items() if changed)

    @property
    def any_change(self) -> bool:
        return self.date_changed or self.date_request_changed or self.requirements_changed or self.room_changed \
            or self.products_touched


def has_booking_facts(facts: Understanding) -> bool:
    """Whether the message gives anything the booking uses (dates, count, window, rooms, products, email)."""
    return bool(
        facts.dates or facts.span or facts.vague or facts.day_of_month or facts.participants or facts.window
        or facts.same_time or facts.layout or facts.features or facts.rooms or facts.products or facts.products_removed
        or facts.no_products or facts.email
    )


def resolve_day_of_month(day: int, state: EventState, today: date) -> date | None:
    """"The 10th": a proposed date with that day, else that day in a requested month, else the next one."""
    for proposed in state.proposed_dates:
        if proposed.day == day:
            return proposed
    months = state.date_request.months if state.date_request else []
    for month in months:
        year = today.year if month >= today.month else today.year + 1
        if day <= pycalendar.monthrange(year, month)[1]:
            return date(year, month, day)
    year, month = today.year, today.month
    for _ in range(13):
        if day <= pycalendar.monthrange(year, month)[1] and date(year, month, day) >= today:
            return date(year, month, day)
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    return None


def explicit_date(facts: Understanding, state: EventState, today: date) -> date | None:
    """The one explicit date the message gives, if it gives exactly one."""
    if len(facts.dates) == 1:
        return facts.dates[0]
    if not facts.dates and facts.day_of_month and not facts.span:
        return resolve_day_of_month(facts.day_of_month, state, today)
    return None


def date_request_from(facts: Understanding, today: date) -> DateRequest | None:
    """A vague wish (months, weekdays, a span, several dates) as a request to propose dates for; months are bounded
    to their next occurrence ("June" in February is June this year only)."""
    if facts.span:
        return DateRequest(first=facts.span.start, last=facts.span.end)
    if len(facts.dates) > 1:
        days = sorted(set(facts.dates))[:MAX_NAMED_DAYS]
        return DateRequest(first=days[0], last=days[-1], days=days)
    vague = facts.vague
    if vague is None:
        return None
    request = DateRequest(months=list(vague.months), year=vague.year, weekdays=list(vague.weekdays))
    occurrence = calendar.months_ahead(vague.months, vague.year, today)
    if occurrence is not None:
        request.first, request.last = occurrence
    return request


def capture_requirements(state: EventState, facts: Understanding) -> Requirements:
    """The requirements after this message (count, layout, window); unchanged fields stay as they were, and so
    do fields read with low confidence (they are confirmed first)."""
    facts = certain(facts)
    req = state.requirements.model_copy(deep=True)
    bad_fields = {problem.field for problem in facts.problems}
    if facts.participants and "participants" not in bad_fields:
        req.participants = facts.participants
    if facts.layout:
        req.layout = facts.layout
    if facts.features:
        req.special = sorted(set(req.special) | set(facts.features))
    if facts.window and "time" not in bad_fields:
        req.start_time, req.end_time = facts.window.start, facts.window.end
    return req


def capture(state: EventState, facts: Understanding, today: date, venue: Venue | None = None) -> Capture:
    """Apply the message's facts to the event; report what changed relative to what was settled.

    A fact read with low confidence (`Understanding.unsure`) is not captured: the desk confirms it first. With the
    `venue`, the occasion is read too (docs/understanding.md "Occasions"): the layout it implies when the client
    named none, and the meal it implies, left open until the client chooses an option.
    """
    facts = certain(facts)
    result = Capture()
    if facts.email:
        state.client_email = facts.email
    if venue is not None:
        _capture_occasion(state, facts, venue, result)
    _capture_requirements(state, facts, result)
    _capture_dates(state, facts, today, result)
    _capture_room(state, facts, result)
    result.products_touched = bool(facts.products or facts.products_removed or facts.no_products)
    return result


def _capture_occasion(state: EventState, facts: Understanding, venue: Venue, result: Capture) -> None:
    """The first occasion named is the event's; its layout stands in until the client names one (a named
    layout always replaces it), planned only before a room is held (never a detour the client did not ask
    for); its meal stays open until an option of it is chosen or catering declined."""
    if facts.event_type and state.event_type is None:
        state.event_type = facts.event_type
    if facts.layout:
        state.layout_implied = False
    elif state.requirements.layout is None and state.locked_room_id is None and state.current_step <= 3:
        implied = venue.implied_layout(state.event_type)
        if implied is not None:
            state.requirements.layout = implied
            state.layout_implied = True
            result.layout_implied = implied
    for meal in facts.catering_implied:
        if meal not in state.catering_open and not _meal_chosen(state, venue, meal):
            state.catering_open.append(meal)
            result.catering_opened.append(meal)
    chosen = {mention.product_id for mention in facts.products}
    state.catering_open = [
        meal for meal in state.catering_open
        if not facts.no_products and not chosen & {product.id for product in venue.meal_options(meal)}
    ]
    result.catering_opened = [meal for meal in result.catering_opened if meal in state.catering_open]
    for item in facts.unknown_items:
        if item not in state.unknown_items:
            state.unknown_items.append(item)


def _meal_chosen(state: EventState, venue: Venue, meal: str) -> bool:
    """Whether the event already has an option of this meal."""
    options = {product.id for product in venue.meal_options(meal)}
    return any(line.product_id in options for line in state.products)


def _capture_requirements(state: EventState, facts: Understanding, result: Capture) -> None:
    before = state.requirements_hash or requirements_hash(state.requirements)
    state.requirements = capture_requirements(state, facts)
    state.refresh_hash()
    result.requirements_changed = state.requirements_hash != before


def _capture_dates(state: EventState, facts: Understanding, today: date, result: Capture) -> None:
    if any(problem.field == "date" for problem in facts.problems):
        return
    single = explicit_date(facts, state, today)
    if single is not None:
        if state.date_confirmed and single == state.chosen_date:
            return
        result.date_changed = state.date_confirmed or state.pending_date not in (None, single)
        state.pending_date = single
        return
    request = date_request_from(facts, today)
    if request is not None:
        result.date_request_changed = state.date_confirmed
        state.date_request = request
        state.pending_date = None


def _capture_room(state: EventState, facts: Understanding, result: Capture) -> None:
    """A room the client chooses or changes to; a room named only inside a question counts before the room step
    (docs/design.md §4.3: "Is Room B free on …?" keeps Room B as the preferred room), never once rooms are shown."""
    only_asked = not facts.has("room_choice") and not facts.has("change") and facts.has("question")
    if not facts.rooms or only_asked and (state.locked_room_id or state.current_step >= 3):
        return
    room = facts.rooms[0]
    if state.locked_room_id:
        if room != state.locked_room_id:
            result.room_changed = True
            result.chosen_room = room
    else:
        state.requirements.preferred_room = room
        result.chosen_room = room
