"""Step 7: the confirmation, and what a confirmed booking still allows (docs/design.md §4.13).

When the offer is accepted, the billing address complete and the deposit paid (or not required), the desk
drafts the confirmation in the client's language and opens one `confirmation_approval` task; the client hears
that the venue confirms shortly. The manager's approval (`task_handlers/confirmation.py`) confirms the booking
and sends the draft with the `.ics` invite. Step 7 is the last step: the engine never moves on from it.
"""

from __future__ import annotations

import json
from typing import Any

from venuedesk.domain.event import EventState, Offer
from venuedesk.domain.offer_lifecycle import event_transition
from venuedesk.tools.booking_models import BookingConfirmArgs, HilCreateArgs
from venuedesk.understanding.model import BillingAddress
from venuedesk.workflow import autonomy, texts
from venuedesk.workflow.calendar_invite import ics_filename, ics_url
from venuedesk.workflow.questions import answer_questions
from venuedesk.workflow.reply import Action, HilRef
from venuedesk.workflow.steps.review import to_the_team
from venuedesk.workflow.turn import Turn

TASK_TYPE = "confirmation_approval"


def blockers(state: EventState) -> list[str]:
    """What still stands between the event and its confirmation (empty: ready): `offer` (no accepted offer),
    `billing` (the address is incomplete), `deposit` (required and unpaid), `hold` (no room held)."""
    found: list[str] = []
    offer = state.offer
    if offer is None or offer.status != "Accepted":
        found.append("offer")
    if BillingAddress.model_validate(state.billing.model_dump()).missing():
        found.append("billing")
    if state.deposit.required and state.deposit.paid_at is None:
        found.append("deposit")
    if state.status != "Option" or not state.locked_room_id:
        found.append("hold")
    return found


def run(turn: Turn) -> bool:
    """Entering step 7: draft the confirmation and open its one task once everything is in place. Always False:
    step 7 is final (Confirmed stays here, Awaiting Client; a cancellation closes the thread)."""
    state = turn.state
    turn.agent = "offer_agent"
    if state.status == "Confirmed":
        turn.next_key = "booking_confirmed"
        return False
    if blockers(state):
        return False
    pending = open_task(turn)
    if pending is not None:
        turn.hil = HilRef(task_id=pending.id, type=TASK_TYPE, status=pending.status)
        state.thread_state = "Waiting on HIL"
        turn.say("confirmation_pending")
        turn.next_key = "confirm_review"
        return False
    offer = state.offer
    assert offer is not None
    draft = draft_confirmation(turn, offer)
    if not autonomy.review_needed(turn.uow, turn.venue, "confirmation") and confirm_booking(turn) is None:
        _confirmed_at_once(turn, draft)
        return False
    task = turn.call("hil_create", HilCreateArgs(
        type=TASK_TYPE, summary=_summary(turn, offer), draft_json=json.dumps(draft), offer_id=offer.offer_id,
        offer_version=offer.version))
    state.thread_state = "Waiting on HIL"
    turn.hil = HilRef(task_id=task.task_id, type=TASK_TYPE, status=task.status)
    turn.say("confirmation_review", venue=turn.venue.name)
    turn.next_key = "confirm_review"
    return False


def _confirmed_at_once(turn: Turn, draft: dict[str, Any]) -> None:
    """`confirmation: auto` (docs/design.md §4.13 Autonomy): the booking is confirmed in this turn and the
    confirmation, with its `.ics` action, is this turn's reply; no task (a hold that cannot be confirmed goes to
    review instead)."""
    turn.body.append(draft["body_markdown"])
    turn.actions.extend(Action.model_validate(action) for action in draft["actions"])
    turn.sent_kind = "confirmation"
    turn.next_key = "booking_confirmed"


def confirm_booking(turn: Turn) -> str | None:
    """The confirmation itself: the hold becomes a confirmed booking (`booking_confirm`) and the event `Confirmed`
    with no expiry; returns None, or why the hold cannot be confirmed (`no_hold`, `taken`: nothing changed)."""
    state = turn.state
    result = turn.call("booking_confirm", BookingConfirmArgs())
    if result.status in ("no_hold", "taken"):
        return str(result.status)
    state.status = event_transition(state.status, "Confirmed")
    state.hold_expires_at = None
    return None


def waiting_key(state: EventState) -> str:
    """The footer's `Next` while a step-7 thread waits on the venue: its cancellation, its confirmation, or an
    answer from the team."""
    if state.cancellation is not None and state.cancellation.status == "requested":
        return "cancel_review"
    return "confirm_review" if state.status == "Option" else "venue_answers"


def open_task(turn: Turn) -> Any:
    """The thread's open `confirmation_approval` task, or None."""
    return next((task for task in turn.uow.hil.open_for_thread(turn.state.thread_id) if task.type == TASK_TYPE),
                None)


def draft_confirmation(turn: Turn, offer: Offer) -> dict[str, Any]:
    """The confirmation as it will be sent once approved: a greeting the manager may edit (`message_markdown`),
    then the booking's facts as computed (`terms_markdown`: date, window, room, total, deposit, invoice address,
    what happens next), with the `download_ics` and `cancel_booking` actions."""
    state, language, venue = turn.state, turn.language, turn.venue
    message = texts.say("confirmation.message", language, venue=venue.name)
    facts = [
        texts.say("confirmation.details", language, date=texts.long_date(offer.chosen_date, language),
                  start=offer.start_time, end=offer.end_time, room=venue.room(offer.room_id).label(language),
                  participants=state.requirements.participants),
        texts.say("confirmation.total", language, total=texts.price(offer.total, language)),
    ]
    deposit = state.deposit
    if deposit.required and deposit.amount is not None and deposit.paid_at is not None:
        facts.append(texts.say("confirmation.deposit_paid", language, amount=texts.price(deposit.amount, language),
                               paid=texts.long_date(deposit.paid_at.date(), language),
                               balance=texts.price(offer.total - deposit.amount, language)))
    else:
        facts.append(texts.say("confirmation.no_deposit", language, total=texts.price(offer.total, language)))
    facts.append(texts.say("confirmation.invoice_to", language, address=billing_line(state)))
    facts.append(texts.say("confirmation.next", language))
    terms = "\n\n".join(facts)
    return {
        "agent": "offer_agent",
        "body_markdown": f"{message}\n\n{terms}",
        "message_markdown": message,
        "terms_markdown": terms,
        "actions": [action.model_dump(mode="json") for action in booking_actions(state, language)],
        "offer_id": offer.offer_id,
        "offer_version": offer.version,
    }


def booking_actions(state: EventState, language: str) -> list[Action]:
    """The confirmed booking's buttons: the `.ics` download (with its URL) and the cancellation."""
    return [
        Action(name="download_ics", label=texts.say("action.download_ics", language), style="primary",
               url=ics_url(state.thread_id)),
        Action(name="cancel_booking", label=texts.say("action.cancel_booking", language), style="danger"),
    ]


def billing_line(state: EventState) -> str:
    """The invoice address on one line: company, name, street, postal code and city, country."""
    billing = state.billing
    town = " ".join(part for part in (billing.postal_code, billing.city) if part)
    parts = [billing.company, billing.name, billing.street, town, billing.country or "CH"]
    return ", ".join(part for part in parts if part)


def answer(turn: Turn, text: str) -> None:
    """A step-7 message that changed no booking fact: the calendar invite when asked for, venue questions from the
    knowledge base, anything else to the venue's team. A closed (cancelled or lost) booking only says so."""
    state = turn.state
    turn.agent = "offer_agent"
    if state.status in ("Cancelled", "Lost"):
        if turn.facts.has("calendar_request") and state.status == "Cancelled":
            send_invite_link(turn)
        else:
            turn.say("cancel_already_done")
        turn.next_key = "booking_closed"
        return
    answer_questions(turn, text)
    if turn.facts.has("calendar_request"):
        send_invite_link(turn)
        return
    if turn.facts.has("question") and turn.body:
        turn.next_key = "booking_confirmed" if state.status == "Confirmed" else None
        return
    if turn.facts.has("acceptance") or turn.facts.has("greeting"):
        turn.say("confirmed_already" if state.status == "Confirmed" else "confirmation_pending")
        turn.next_key = "booking_confirmed" if state.status == "Confirmed" else "confirm_review"
        return
    to_the_team(turn, text)


def send_invite_link(turn: Turn) -> None:
    """The reply to `download_ics` or "can you send an .ics?": a link to the invite (and the button) once the
    booking is confirmed (a cancelled one gets the file that removes it); before that, when it will come."""
    state, language = turn.state, turn.language
    offer = state.offer
    if state.status not in ("Confirmed", "Cancelled") or offer is None:
        turn.say("invite_not_yet", venue=turn.venue.name)
        return
    url, filename = ics_url(state.thread_id), ics_filename(state.event_id, state.chosen_date)
    if state.status == "Cancelled":
        turn.say("invite_cancelled_link", filename=filename, url=url)
        return
    turn.say("invite_link", date=texts.long_date(offer.chosen_date, language), start=offer.start_time,
             end=offer.end_time, room=turn.venue.room(offer.room_id).label(language), filename=filename, url=url)
    turn.actions.append(Action(name="download_ics", label=texts.say("action.download_ics", language),
                               style="primary", url=url))
    turn.next_key = "booking_confirmed"


def _summary(turn: Turn, offer: Offer) -> str:
    """The task's one-line summary for the manager (ids and figures, no contact data)."""
    state = turn.state
    deposit = "no deposit required" if not state.deposit.required else f"deposit CHF {state.deposit.amount:.2f} paid"
    return (f"Confirm booking {state.event_id}: {offer.chosen_date.isoformat()} {offer.start_time}-{offer.end_time}, "
            f"{offer.room_id}, total CHF {offer.total:.2f}, {deposit}")
