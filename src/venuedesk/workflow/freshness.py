"""Which buttons are still current: every table of choices carries a ref, and progress retires refs, so a click
on a superseded table or offer is recognised instead of being applied silently."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from venuedesk.domain.event import EventState

if TYPE_CHECKING:
    from venuedesk.workflow.turn import Turn

ACTION_KIND = {"select_date": "dates", "use_default_window": "window", "select_room": "rooms",
               "add_product": "products", "remove_product": "products", "no_products": "products",
               "accept_offer": "offer", "decline_offer": "offer", "take_second_option": "rooms"}
# An offer settles the date, window and room; its extras stay open (adding one makes a new version).
SETTLED_BY_OFFER = ("dates", "window", "rooms")


@dataclass(frozen=True)
class Staleness:
    """Why an action no longer applies: the text key explaining it and the values it is filled with."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


def issue(turn: Turn, kind: str) -> str:
    """A ref for the table of `kind` this turn shows; it replaces the kind's earlier ref (that table is
    superseded)."""
    ref = f"{kind}-{turn.turn_id.removeprefix('turn-')}"
    turn.state.live_refs[kind] = ref
    return ref


def expire(state: EventState) -> None:
    """Retire refs the event has moved past: the window once the date is confirmed, the dates once the date is
    confirmed and a room is held."""
    if state.date_confirmed:
        state.live_refs.pop("window", None)
        if state.locked_room_id:
            state.live_refs.pop("dates", None)


def expire_for_offer(state: EventState) -> None:
    """A new offer version supersedes the earlier tables of dates, window and rooms (not the extras)."""
    for kind in SETTLED_BY_OFFER:
        state.live_refs.pop(kind, None)


def staleness(state: EventState, name: str, args: dict[str, Any]) -> Staleness | None:
    """Why the action no longer applies, or None when it does (an action without a ref is taken as current)."""
    kind = ACTION_KIND.get(name)
    if kind == "offer":
        return _offer_staleness(state, str(args.get("offer_id") or ""))
    ref = args.get("ref")
    if kind is None or ref is None or state.live_refs.get(kind) == ref:
        return None
    if kind == "dates" and state.date_confirmed and state.locked_room_id and state.chosen_date:
        return Staleness("stale_dates_settled", {"date": state.chosen_date, "room_id": state.locked_room_id})
    if kind == "rooms" and state.offers:
        latest = state.offers[-1]
        return Staleness("stale_rooms_offered", {"version": latest.version, "room_id": latest.room_id})
    return Staleness("stale_table")


def _offer_staleness(state: EventState, offer_id: str) -> Staleness | None:
    live = state.offer
    if live is not None and live.offer_id == offer_id and live.status != "Draft":
        return None
    known = next((offer for offer in state.offers if offer.offer_id == offer_id), None)
    if live is None:
        return Staleness("stale_offer_none")
    old = known.version if known is not None else None
    key = "stale_offer_reviewing" if live.status == "Draft" else "stale_offer_replaced"
    return Staleness(key, {"old": old, "new": live.version})
