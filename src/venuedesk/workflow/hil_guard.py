"""HIL integrity (docs/design.md §4.8, §4.13 Holds): what a decision must check before it sends an offer, and the
thread state that follows from the tasks still open."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from venuedesk.domain.event import EventState
from venuedesk.store.uow import UnitOfWork

HoldProblem = Literal["released", "lapsed", "taken"]
HELD_REPLY = "reply_approval"  # a reply held for review under `general: review` (workflow/held_replies.py)


def settle_thread_state(uow: UnitOfWork, state: EventState) -> None:
    """`Waiting on HIL` while any task of the thread is open, else `Awaiting Client` (Closed stays Closed)."""
    if state.thread_state == "Closed":
        return
    state.thread_state = "Waiting on HIL" if uow.hil.count_open(state.thread_id) else "Awaiting Client"


def only_held_replies_open(uow: UnitOfWork, state: EventState) -> bool:
    """True when every open task of the thread is a held reply: those never stop the next client message from
    being handled as usual (docs/design.md §4.13 Autonomy)."""
    open_tasks = uow.hil.open_for_thread(state.thread_id)
    return bool(open_tasks) and all(task.type == HELD_REPLY for task in open_tasks)


def offer_task_is_stale(state: EventState, task: Any) -> bool:
    """True for an offer approval task whose offer version is no longer the live draft (it must never be sent)."""
    if task.type != "offer_approval" or not task.offer_id:
        return False
    live = state.offer
    return not (live is not None and live.offer_id == task.offer_id and live.status == "Draft"
                and task.offer_version in (None, live.version))


def hold_problem(uow: UnitOfWork, state: EventState, now: datetime) -> HoldProblem | None:
    """Why the event's hold no longer backs its offer: released, lapsed, or lapsed and taken by another event."""
    if not state.locked_room_id or not state.chosen_date:
        return "released"
    day = uow.bookings.for_room_date(state.locked_room_id, state.chosen_date)
    own = [booking for booking in day if booking.event_id == state.event_id]
    if any(booking.is_active(now) for booking in own):
        return None
    if not own:
        return "released"
    taken = any(booking.event_id != state.event_id and booking.is_active(now)
                and any(booking.window.overlaps(mine.window) for mine in own) for booking in day)
    return "taken" if taken else "lapsed"


def supersede_older_offer_tasks(uow: UnitOfWork, state: EventState, live_offer_id: str, now: datetime) -> None:
    """A new offer version closes every open approval task of an earlier version as `superseded`."""
    for task in uow.hil.open_for_thread(state.thread_id):
        if task.type == "offer_approval" and task.offer_id != live_offer_id:
            uow.hil.decide(task.id, "superseded", {"reason": f"offer {live_offer_id} replaced it"}, "engine", now)
