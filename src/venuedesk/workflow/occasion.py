"""What the client's occasion means for the reply: the layout planned for it (stated so the client can correct
it), the meal it implies (asked about with the options and prices, never added), and items the catalogue lacks
(asked about, never dropped). docs/understanding.md "Occasions and catering"."""

from __future__ import annotations

from venuedesk.domain.catalogue import Product
from venuedesk.understanding.capture import Capture
from venuedesk.workflow import tables, texts
from venuedesk.workflow.turn import Turn


def tell(turn: Turn, captured: Capture) -> None:
    """Add the notes this message's occasion and items call for to the reply."""
    state, language = turn.state, turn.language
    occasion = turn.venue.event_type(state.event_type)
    if captured.layout_implied and occasion is not None:
        turn.notes.append(texts.say("layout_implied", language, occasion=occasion.name(language),
                                    layout=tables.layout_name(captured.layout_implied, language)))
    for meal in captured.catering_opened:
        ask_meal(turn, meal)
    if turn.facts.unknown_items:
        turn.notes.append(texts.say("unknown_items", language, items=_listed(turn.facts.unknown_items, language)))


def ask_open_meals(turn: Turn) -> None:
    """Ask again about every meal the occasion implies that has no option chosen (at the products step)."""
    for meal in turn.state.catering_open:
        ask_meal(turn, meal)


def ask_meal(turn: Turn, meal: str) -> None:
    """Ask which option of a meal the client wants, listing each with its price; nothing is added."""
    language = turn.language
    options = meal_options(turn, meal)
    if not options:
        return
    occasion = turn.venue.event_type(turn.state.event_type)
    listed = _listed([_option(product, language) for product in options], language)
    note = texts.say("catering_options", language,
                     occasion=occasion.name(language) if occasion else meal, options=listed)
    if note not in turn.notes:
        turn.notes.append(note)


def meal_options(turn: Turn, meal: str) -> list[Product]:
    """The products that are options of a meal and can be served in the held room on the chosen date."""
    state = turn.state
    room_id = state.locked_room_id or state.requirements.preferred_room or ""
    day = state.chosen_date or state.pending_date
    return [
        product for product in turn.venue.meal_options(meal)
        if (not room_id or product.served_in(room_id)) and (day is None or product.in_season(day.month))
    ]


def _option(product: Product, language: str) -> str:
    """`Lunch package (CHF 28.00 per person)`."""
    unit = texts.say(f"unit.{product.unit}", language)
    return f"{product.name(language)} ({texts.price(product.price, language)} {unit})"


def _listed(items: list[str], language: str) -> str:
    """`a, b or c` in the client's language."""
    if len(items) < 2:
        return "".join(items)
    return texts.say("list_or", language, items=", ".join(items[:-1]), last=items[-1])
