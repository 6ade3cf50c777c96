"""Ask instead of guess (docs/design.md §4.4): facts read with low confidence are confirmed in one short question
("Just to confirm: 45 guests?") and used only after the client's yes; any other answer drops them."""

from __future__ import annotations

from venuedesk.understanding.capture import resolve_day_of_month
from venuedesk.understanding.confirming import certain, with_confirmed, withheld
from venuedesk.understanding.model import FACT_FIELDS, FactName, Understanding
from venuedesk.workflow import tables, texts
from venuedesk.workflow.turn import Turn

# What a confirming question about a fact asks for, in MessageContext.asked terms ("no, 40" is then read).
FACT_NAMES: tuple[FactName, ...] = tuple(FACT_FIELDS)
ASKED_FOR: dict[FactName, str] = {
    "participants": "participants", "dates": "date", "window": "window", "layout": "layout",
    "products": "products", "rooms": "room",
}


def settle_pending(turn: Turn) -> None:
    """The facts kept for confirmation become this message's when it says yes; otherwise they are dropped."""
    state = turn.state
    if state.to_confirm:
        turn.facts = with_confirmed(turn.facts, state.to_confirm)
        state.to_confirm = {}


def withhold_unsure(turn: Turn) -> list[FactName]:
    """Take the message's unsure facts out of this turn's facts, described for the confirming question."""
    unsure = turn.facts.unsure_facts()
    if unsure:
        turn.withheld = withheld(turn.facts)
        turn.confirming = [_describe(turn, fact, turn.facts) for fact in unsure]
        turn.facts = certain(turn.facts)
    return unsure


def ask_to_confirm(turn: Turn) -> None:
    """Say the one confirming question naming every withheld value; keep the values on the event for the yes
    (only a question actually asked can be confirmed)."""
    turn.say("confirm_question", items=", ".join(turn.confirming))
    turn.next_key = "confirm"
    turn.state.to_confirm = dict(turn.withheld)
    turn.asked.extend(ASKED_FOR[fact] for fact in FACT_NAMES if fact in turn.withheld)


def _describe(turn: Turn, fact: FactName, facts: Understanding) -> str:
    """The value of one fact as the client would read it: "45 guests", "Tuesday, 9 June 2026", "Room B"."""
    language, venue = turn.language, turn.venue
    if fact == "participants":
        return texts.say_n("confirm.participants", facts.participants or 0, language)
    if fact == "dates":
        return _describe_dates(turn, facts)
    if fact == "window" and facts.window:
        return texts.say("confirm.window", language, start=facts.window.start, end=facts.window.end)
    if fact == "layout":
        return texts.say("confirm.layout", language, layout=tables.layout_name(facts.layout or "", language))
    if fact == "products":
        return ", ".join(
            (f"{item.quantity} × " if item.quantity else "") + venue.product(item.product_id).name(language)
            for item in facts.products if venue.has_product(item.product_id)
        )
    return ", ".join(venue.room(room_id).label(language) for room_id in facts.rooms if venue.has_room(room_id))


def _describe_dates(turn: Turn, facts: Understanding) -> str:
    language = turn.language
    if facts.span:
        return texts.say("confirm.span", language, first=texts.long_date(facts.span.start, language),
                         last=texts.long_date(facts.span.end, language))
    days = list(facts.dates)
    if not days and facts.day_of_month:
        resolved = resolve_day_of_month(facts.day_of_month, turn.state, turn.now.date())
        days = [resolved] if resolved else []
    if days:
        return " / ".join(texts.long_date(day, language) for day in days)
    vague = facts.vague
    if vague is None:
        return ""
    weekdays = [texts.weekday_name(day, language, 2) for day in vague.weekdays]
    months = [texts.month_name(month, language) for month in vague.months]
    return " ".join(part for part in (", ".join(weekdays), ", ".join(months)) if part)
