"""A client cancels the booking (docs/design.md §4.13 Cancellation), by words or the `cancel_booking` action.

- At step 5 the offer is not accepted yet: there is no booking to cancel, so "we have to cancel" is a decline
  of the offer (the negotiation step handles it; the same words carry the `decline` intent).
- From step 6 on, before confirmation (status Option): cancelled at once, no task. The event is `Lost`, the
  hold released (`room.release_hold`), the open tasks closed, nothing charged and a deposit already paid
  refunded in full; the thread is `Closed`.
- After confirmation (status Confirmed): a `cancellation` task shows the manager the refund the policy gives
  for the day the client asked (`domain/cancellation.py`); the client hears that the team confirms it. The
  decision is `task_handlers/confirmation.py`'s.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from venuedesk.domain.cancellation import ATELIER_TERMS, Refund, cancellation_refund
from venuedesk.domain.event import Cancellation, EventState
from venuedesk.domain.offer_lifecycle import can_offer_move, event_transition
from venuedesk.tools.booking_models import EventCancelArgs, HilCreateArgs
from venuedesk.workflow import autonomy, texts
from venuedesk.workflow.calendar_invite import ics_url
from venuedesk.workflow.lost_exits import record_exit
from venuedesk.workflow.reply import Action, HilRef
from venuedesk.workflow.steps.room import release_hold
from venuedesk.workflow.turn import Turn

TASK_TYPE = "cancellation"
MAX_REASON_CHARS = 500


def applies(turn: Turn) -> bool:
    """True when this message cancels (or repeats the cancellation of) a booking past the offer's acceptance."""
    state = turn.state
    return turn.facts.has("cancel") and (state.current_step >= 6 or state.status in ("Cancelled", "Lost"))


def handle(turn: Turn, text: str) -> None:
    """Cancel at once before confirmation, open the manager's task after it, or say it is already done."""
    state = turn.state
    turn.agent = "offer_agent"
    if state.status in ("Cancelled", "Lost"):
        turn.say("cancel_already_done")
        turn.next_key = "booking_closed"
    elif state.status == "Confirmed":
        _request(turn, text)
    else:
        _cancel_now(turn, text)


def paid_amount(state: EventState) -> Decimal:
    """What the client has paid: the deposit once marked paid, else nothing."""
    deposit = state.deposit
    paid = deposit.amount if deposit.paid_at is not None and deposit.amount is not None else Decimal(0)
    return paid.quantize(Decimal("0.01"))


def _cancel_now(turn: Turn, text: str) -> None:
    """Before confirmation: Lost, hold released, open tasks closed, the full refund of a paid deposit said."""
    state = turn.state
    target = event_transition(state.status, "Lost")
    room_id, day = state.locked_room_id, state.chosen_date
    result = turn.call("event_cancel", EventCancelArgs(reason=text[:MAX_REASON_CHARS]))
    from_status = state.status
    release_hold(turn)
    state.status = target
    record_exit(turn, "cancelled", from_status, target, room_id)
    for offer in state.offers:
        if offer.status == "Sent" and can_offer_move(offer.status, "Declined"):
            offer.status = "Declined"
    state.cancellation = Cancellation(requested_on=turn.now.date(), status="done", reason=text[:MAX_REASON_CHARS],
                                      paid=Decimal(str(result.paid)), refund=Decimal(str(result.refund)),
                                      band=result.band, days_before=result.days_before)
    _close_open_tasks(turn)
    if result.refund > 0:
        _refund_task(turn, Decimal(str(result.refund)))
    state.thread_state = "Closed"
    state.record("client_action", at=turn.now, actor=turn.actor, reason="cancelled before confirmation: Lost",
                 detail={"refund": result.refund, "band": result.band})
    language = turn.language
    room = turn.venue.room(room_id).label(language) if room_id else "–"
    turn.say("cancel_before_confirmation", room=room, date=texts.long_date(day, language) if day else "–")
    if result.paid > 0:
        turn.say("cancel_refund_full", amount=texts.price(result.refund, language))
    turn.say("cancel_goodbye", venue=turn.venue.name)
    turn.next_key = "booking_closed"


def _request(turn: Turn, text: str) -> None:
    """After confirmation: one `cancellation` task with the refund by the policy; the client hears the team
    confirms it. A repeated cancellation while the task is open opens no second one."""
    state = turn.state
    pending = next((t for t in turn.uow.hil.open_for_thread(state.thread_id) if t.type == TASK_TYPE), None)
    if pending is not None:
        turn.hil = HilRef(task_id=pending.id, type=TASK_TYPE, status=pending.status)
        turn.say("cancel_already_requested")
        turn.next_key = "cancel_review"
        return
    assert state.chosen_date is not None, "a confirmed booking has a date"
    paid = paid_amount(state)
    refund = cancellation_refund(paid, state.chosen_date, turn.now.date(), confirmed=True)
    reason = text[:MAX_REASON_CHARS]
    state.cancellation = Cancellation(requested_on=turn.now.date(), reason=reason, paid=paid, refund=refund.amount,
                                      band=refund.band, days_before=refund.days_before)
    draft = cancellation_draft(turn, refund, paid)
    if not autonomy.review_needed(turn.uow, turn.venue, "cancellation"):
        _cancelled_at_once(turn, draft)
        return
    summary = (f"Cancel {state.event_id} ({state.locked_room_id}, {state.chosen_date.isoformat()}): asked "
               f"{refund.days_before} days before the event; paid CHF {paid}; refund by the policy CHF "
               f"{refund.amount} ({refund.band.replace('_', ' ')})")
    task = turn.call("hil_create", HilCreateArgs(type=TASK_TYPE, summary=summary, draft_json=json.dumps(draft)))
    state.thread_state = "Waiting on HIL"
    turn.hil = HilRef(task_id=task.task_id, type=TASK_TYPE, status=task.status)
    language = turn.language
    room = turn.venue.room(state.locked_room_id).label(language) if state.locked_room_id else "–"
    turn.say("cancel_requested", date=texts.long_date(state.chosen_date, language), room=room)
    turn.next_key = "cancel_review"


def _cancelled_at_once(turn: Turn, draft: dict[str, Any]) -> None:
    """`cancellation: auto` (docs/design.md §4.13 Autonomy): the confirmed booking is cancelled in this turn with
    the refund by the policy, and the cancellation is this turn's reply; no task."""
    cancel_confirmed(turn)
    turn.body.append(draft["body_markdown"])
    turn.actions.extend(Action.model_validate(action) for action in draft["actions"])
    turn.sent_kind = "cancellation"
    turn.next_key = "booking_closed"


def cancel_confirmed(turn: Turn) -> None:
    """The cancellation of a confirmed booking itself: `event_cancel` releases the booking, status `Cancelled`,
    the pending cancellation done, every other open task closed, thread `Closed`."""
    state = turn.state
    pending = state.cancellation
    target = event_transition(state.status, "Cancelled")
    turn.call("event_cancel", EventCancelArgs(reason=pending.reason if pending else None))
    from_status, room_id = state.status, state.locked_room_id
    release_hold(turn)
    state.status = target
    record_exit(turn, "cancelled", from_status, target, room_id)
    if pending is not None:
        pending.status = "done"
    _close_open_tasks(turn)
    state.thread_state = "Closed"


def cancellation_draft(turn: Turn, refund: Refund, paid: Decimal) -> dict[str, Any]:
    """What the client is sent when the manager approves: the cancellation (editable) and the refund (as computed)."""
    state, language = turn.state, turn.language
    assert state.chosen_date is not None
    room = turn.venue.room(state.locked_room_id).label(language) if state.locked_room_id else "–"
    message = texts.say("cancel_confirmed", language, room=room, date=texts.long_date(state.chosen_date, language))
    terms = refund_text(refund, paid, language)
    calendar = Action(name="download_ics", label=texts.say("action.download_ics_cancelled", language),
                      style="secondary", url=ics_url(state.thread_id))
    return {"agent": "offer_agent", "body_markdown": f"{message}\n\n{terms}", "message_markdown": message,
            "terms_markdown": terms, "actions": [calendar.model_dump(mode="json")]}


def refund_text(refund: Refund, paid: Decimal, language: str) -> str:
    """The refund in the client's words, by the band of the policy it falls in."""
    if paid <= 0:
        return texts.say("refund.nothing_paid", language)
    values = {"refund": texts.price(refund.amount, language), "paid": texts.price(paid, language),
              "fee": texts.price(ATELIER_TERMS.fee, language)}
    if refund.band == "before_confirmation":
        return texts.say("cancel_refund_full", language, amount=values["refund"])
    return texts.say(f"refund.{refund.band}", language, **values)


def _refund_task(turn: Turn, refund: Decimal) -> None:
    """A deposit paid before the cancellation must go back: a `manual_review` task tells the venue what to refund
    (the thread is Closed; the task is the venue's to-do, not a wait for the client)."""
    state = turn.state
    summary = (f"Refund the deposit of CHF {refund.quantize(Decimal('0.01'))} to the client of {state.event_id}: "
               "the booking was cancelled "
               f"before its confirmation ({turn.now.date().isoformat()})")
    turn.call("hil_create", HilCreateArgs(type="manual_review", summary=summary))


def _close_open_tasks(turn: Turn) -> None:
    """A cancelled event leaves no task a manager could still act on: each open one closes as superseded."""
    for task in turn.uow.hil.open_for_thread(turn.state.thread_id):
        turn.uow.hil.decide(task.id, "superseded", {"reason": "the client cancelled the booking"}, "engine", turn.now)
