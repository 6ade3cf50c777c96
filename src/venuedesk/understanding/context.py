"""What the desk last said, so a short or partial answer can be read against it (pure, no I/O)."""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from venuedesk.domain.event import EventState
from venuedesk.understanding.model import FACT_FIELDS, FactName

AskedFact = Literal["participants", "date", "window", "layout", "products", "room", "billing", "offer"]
_ASKED = frozenset(get_args(AskedFact))


class MessageContext(BaseModel):
    """The desk's side of the conversation a message answers (docs/design.md §4.4).

    "45" after "how many guests?" is the head count; "the 9th" after dates in June is 9 June; "the second
    one" is the second option shown; "yes" after "Just to confirm: 45 guests?" confirms the 45. Built by the
    workflow from the event state; frozen so readings cache.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    asked: tuple[AskedFact, ...] = ()  # what the desk's last reply asked for
    dates_shown: tuple[date, ...] = ()  # dates the desk last proposed, in the order shown
    rooms_shown: tuple[str, ...] = ()  # room ids of the last room table, in the order shown
    products_shown: tuple[str, ...] = ()  # product ids the desk last listed as options
    date_in_focus: date | None = None  # the date under discussion (pending or chosen)
    confirming: tuple[FactName, ...] = ()  # facts the desk's last reply asked the client to confirm


NO_CONTEXT = MessageContext()


def message_context(state: EventState) -> MessageContext:
    """The context a new message of this event answers: what the last reply asked (and asked to confirm), the
    dates, rooms and products it listed (bookkeeping the engine records at the end of each turn) and the date
    under discussion."""
    asked = [fact for fact in state.last_asked if fact in _ASKED]
    open_to_client = state.thread_state == "Awaiting Client"
    return MessageContext(
        asked=tuple(dict.fromkeys(asked)),
        dates_shown=tuple(state.proposed_dates),
        # A list is an option only at the step that shows it: a room table at step 3, products at step 4.
        rooms_shown=tuple(state.last_shown_rooms) if state.current_step == 3 and open_to_client else (),
        products_shown=tuple(state.last_shown_products) if state.current_step == 4 and open_to_client else (),
        date_in_focus=state.pending_date or state.chosen_date,
        confirming=tuple(fact for fact in FACT_FIELDS if fact in state.to_confirm),
    )
