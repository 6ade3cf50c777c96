"""The workflow engine: capture facts, take detours, advance through the steps until the client is needed."""

from __future__ import annotations

from collections.abc import Callable

from venuedesk.domain.detours import plan_detour
from venuedesk.domain.event import ProductLine
from venuedesk.tools.billing import billing_missing
from venuedesk.tools.booking_models import ProductChoice, ProductsUpdateArgs
from venuedesk.workflow import (
    cancellation, confirmed_change, hil_guard, multi_day, new_inquiry, occasion, short_answers, site_visits, texts,
    unsure,
)
from venuedesk.understanding.capture import Capture, capture, has_booking_facts
from venuedesk.workflow.questions import answer_questions
from venuedesk.workflow.router import is_pure_question
from venuedesk.workflow.steps import date as date_step
from venuedesk.workflow.steps import billing, confirmation, intake, negotiation, offer, room
from venuedesk.workflow.turn import Turn
from venuedesk.workflow.window_check import OPENING_HOURS_CODES, check_window, explain_hours

MAX_STEP_MOVES = 12
STEPS: dict[int, Callable[[Turn], bool]] = {
    1: intake.run, 2: date_step.run, 3: room.run, 4: offer.run, 5: negotiation.run, 6: billing.run,
    7: confirmation.run,
}
# A message at steps 5–7 that changes no booking fact: the step answers it (accept, counter, billing, ...).
AFTER_OFFER: dict[int, Callable[[Turn, str], None]] = {5: negotiation.answer, 6: billing.answer, 7: confirmation.answer}
PROBLEM_TEXTS = {
    "invalid_date": "problem_invalid_date",
    "past_date": "problem_past_date",
    "weekday_mismatch": "problem_weekday_mismatch",
}


def run_client_turn(turn: Turn, text: str) -> None:
    """One client message (or action) through capture, detours, steps and questions; a site visit is booked or
    offered at any step beside the step's own answer (docs/design.md §4.13)."""
    unsure.settle_pending(turn)
    if turn.visit_slot is not None:
        site_visits.book(turn, turn.visit_slot)
        turn.next_key = next_key_for(turn)
        return
    if site_visits.asked_alone(turn, has_booking_facts(turn.facts)):
        site_visits.answer_alone(turn, text)
        turn.next_key = next_key_for(turn)
        return
    _run_steps(turn, text)
    if turn.facts.has("site_visit"):
        site_visits.offer_slots(turn)


def _run_steps(turn: Turn, text: str) -> None:
    state, facts = turn.state, turn.facts
    if facts.has("new_inquiry") and turn.may_spawn and _separate_inquiry_only(turn, text):
        return
    if state.thread_state == "Closed":
        negotiation.closed_thread(turn)
        return
    if facts.has("injection"):
        turn.notes.append(texts.say("injection", turn.language))
    if cancellation.applies(turn):
        cancellation.handle(turn, text)
        return
    unsure.withhold_unsure(turn)
    facts = turn.facts
    waiting = state.thread_state == "Waiting on HIL" and not hil_guard.only_held_replies_open(turn.uow, state)
    check_window(turn)
    billing_given = billing.capture_billing(turn)  # at any step, beside whatever else the message says
    if confirmed_change.asks_change(turn):
        confirmed_change.to_the_team(turn, text)
        return
    if multi_day.applies(turn) and not facts.problems:
        multi_day.hand_to_manager(turn, text)
        answer_questions(turn, text)
        return
    if facts.problems:
        captured = capture(state, facts, turn.now.date(), turn.venue)
        if captured.products_touched:
            _update_products(turn)
        occasion.tell(turn, captured)
        if state.current_step == 1:
            intake.run(turn)
        if turn.confirming:
            unsure.ask_to_confirm(turn)
        _ask_about_problems(turn)
        answer_questions(turn, text)
        return
    captured = capture(state, facts, turn.now.date(), turn.venue)
    if captured.products_touched:
        _update_products(turn)
    occasion.tell(turn, captured)
    changed = _detour(turn, captured)
    if turn.confirming:
        _confirm_first(turn, text, supersede=waiting and changed)
        return
    if facts.has("injection") and not has_booking_facts(facts) and not waiting:
        answer_questions(turn, text)
        turn.next_key = next_key_for(turn)
        turn.agent = "fallback_agent"
        return
    if waiting and not changed and negotiation.settles_while_waiting(turn):
        waiting = False
    if waiting and not changed and state.current_step != 6:
        answer_questions(turn, text)
        if not turn.body:
            offer_pending = any(t.type == "offer_approval" for t in turn.uow.hil.open_for_thread(state.thread_id))
            turn.say(negotiation.holding_key(turn, offer_pending))
            turn.agent = "fallback_agent"
            turn.holding = True
        turn.next_key = next_key_for(turn)
        return
    if waiting:
        _supersede_pending(turn)
    if state.current_step >= 5 and not changed:
        step = state.current_step
        if billing_given and step != 6 and billing.only_billing(facts):
            turn.agent = "offer_agent"
            turn.next_key = next_key_for(turn)
            return
        if step > 5 and negotiation.repeated_acceptance(turn):
            if step == 6:
                advance(turn)  # step 6 repeats what it still needs (billing, deposit)
            return
        AFTER_OFFER[min(step, 7)](turn, text)
        if state.current_step != step:
            advance(turn)  # the answer moved the event on (an acceptance → step 6, billing settled → 7)
        return
    if state.current_step == 1 and facts.has("non_event") and not facts.has("event_request"):
        turn.agent = "fallback_agent"
        turn.say("not_event", venue=turn.venue.name)
        turn.next_key = "describe"
        return
    left_open = short_answers.unresolved(turn)
    if left_open is not None and not captured.any_change:
        short_answers.ask_which(turn, left_open)
        return
    if is_pure_question(state, facts) and not captured.any_change:
        answer_questions(turn, text)
        turn.agent = "qna_agent"
        turn.next_key = next_key_for(turn)
        if 2 <= state.current_step <= 4:  # the step goes on: its question follows the answer (docs/design.md §4.6)
            turn.say("step_continue", next=texts.next_text(turn.next_key, turn.language))
        return
    advance(turn, captured.chosen_room)
    answer_questions(turn, text)


def _separate_inquiry_only(turn: Turn, text: str) -> bool:
    """Open the thread of a second, separate inquiry (docs/design.md §4.3); True when the message holds nothing
    else for this event, which then stays exactly as it was."""
    spawned = new_inquiry.open_inquiry(turn, text)
    turn.spawned_thread, turn.spawned_text = spawned.thread_id, spawned.text
    facts = turn.facts
    if has_booking_facts(facts) or facts.topics or facts.negotiation is not None or facts.has("cancel"):
        return False
    turn.next_key = next_key_for(turn)
    return True


def _confirm_first(turn: Turn, text: str, *, supersede: bool) -> None:
    """Facts were read with low confidence: what was sure is captured, the steps wait for the client's yes."""
    if supersede:
        _supersede_pending(turn)
    if turn.state.current_step == 1:
        intake.run(turn)
    unsure.ask_to_confirm(turn)
    answer_questions(turn, text)


def advance(turn: Turn, room_choice: str | None = None) -> None:
    """Run steps while each one completes; stop at the first that needs the client or a manager."""
    for _ in range(MAX_STEP_MOVES):
        step = turn.state.current_step
        handler = STEPS.get(step)
        if handler is None:
            return
        done = room.run(turn, room_choice) if step == 3 else handler(turn)
        if not done:
            return


def _ask_about_problems(turn: Turn) -> None:
    for problem in turn.facts.problems:
        if problem.code in OPENING_HOURS_CODES:
            explain_hours(turn)
            continue
        if problem.field == "date":
            key = PROBLEM_TEXTS.get(problem.code, "problem_invalid_date")
            turn.asked.append("date")
        elif problem.field == "participants":
            key = "problem_participants"
            turn.asked.append("participants")
        elif problem.field == "time":
            key = "problem_time"
            turn.asked.append("window")
        else:
            key = "problem_generic"
        turn.say(key, text=problem.text)
    only_hours = all(problem.code in OPENING_HOURS_CODES for problem in turn.facts.problems)
    turn.next_key = "window" if only_hours else "clarify"
    turn.agent = turn.agent or "intake_agent"


def _update_products(turn: Turn) -> None:
    facts, state = turn.facts, turn.state
    result = turn.call(
        "products_update",
        ProductsUpdateArgs(
            add=[ProductChoice(product_id=m.product_id, quantity=m.quantity) for m in facts.products],
            remove=list(facts.products_removed),
            none=facts.no_products,
        ),
    )
    state.products = [ProductLine(product_id=c.product_id, quantity=c.quantity or 1) for c in result.products]
    if facts.products or facts.no_products:
        state.products_decided = True
        if state.current_step >= 4:
            state.catering_open = []  # the products question listed the open meals' options; this answers it
    added = [m.product_id for m in facts.products if m.product_id in {c.product_id for c in result.products}]
    if added:
        turn.notes.append(texts.say("products_noted", turn.language, items=_product_names(turn, added)))
    if facts.products_removed:
        turn.notes.append(texts.say("products_removed", turn.language,
                                    items=_product_names(turn, list(facts.products_removed))))
    room_id = state.locked_room_id or state.requirements.preferred_room or ""
    for rejection in result.rejected:
        if turn.venue.has_product(rejection.product_id):
            offer.say_product_problem(turn, turn.venue.product(rejection.product_id), rejection.reason, room_id)


def _product_names(turn: Turn, product_ids: list[str]) -> str:
    venue = turn.venue
    return ", ".join(venue.product(pid).name(turn.language) for pid in product_ids if venue.has_product(pid))


def _detour(turn: Turn, captured: Capture) -> bool:
    """Take the detour docs/design.md §4.5 names for what changed; True when a settled value changed."""
    state = turn.state
    kinds = captured.kinds()
    plan = plan_detour(kinds, state.current_step, bool(state.offers), state.caller_step)  # type: ignore[arg-type]
    if plan is None:
        return False
    if "date" in kinds and state.current_step > 2:
        state.date_confirmed = False
        state.room_eval_hash = None
    if plan.in_place:
        return state.current_step >= 4
    back_to = plan.caller_step if plan.keep_caller else None
    state.caller_step = back_to if back_to and back_to > plan.target_step else None
    turn.move_to(plan.target_step, "change: " + ", ".join(kinds))
    return True


def _supersede_pending(turn: Turn) -> None:
    """A change while a draft waits: the draft and its task (an offer's or a confirmation's) are superseded; a new
    version will follow."""
    state = turn.state
    for task in turn.uow.hil.open_for_thread(state.thread_id):
        if task.type in ("offer_approval", "confirmation_approval"):
            turn.uow.hil.decide(task.id, "superseded", {"reason": "client changed the request"}, "engine", turn.now)
    for earlier in state.offers:
        if earlier.status == "Draft":
            earlier.status = "Superseded"
    hil_guard.settle_thread_state(turn.uow, state)


def next_key_for(turn: Turn) -> str:
    """What the client is asked for next, from the event alone (for replies that ran no step)."""
    state = turn.state
    if state.thread_state == "Waiting on HIL":
        if state.current_step == 7 and state.status in ("Option", "Confirmed"):
            return confirmation.waiting_key(state)
        return "review" if state.current_step == 4 else "venue_answers"
    if state.current_step == 1:
        return "email" if not state.client_email else "describe"
    if state.current_step == 2:
        return "window" if state.window_asked and state.pending_date else "date"
    if state.current_step == 3:
        return "room" if state.requirements.participants else "participants"
    if state.current_step == 4:
        return "products" if not state.products_decided or state.catering_open else "review"
    if state.thread_state == "Closed":
        return "booking_closed"
    if state.current_step == 6:
        return "billing" if billing_missing(state.billing) else "deposit"
    if state.current_step == 7:
        return "booking_confirmed" if state.status == "Confirmed" else "confirm_review"
    return "answer_offer"
