"""Step 5: the client answers a sent offer (docs/design.md §4.13): accept, decline, counter, or ask.

Rules decided here:
- A strong acceptance ("agreed, we'll take it", "Einverstanden, so machen wir es") and the `accept_offer` action
  accept the live sent offer. A weak one ("ok", "passt") accepts only in direct reply to the offer: when the
  desk's latest message to the client carried that offer's accept button; otherwise the desk asks, with the
  button. A question is not acceptance (it is answered, or goes to the team).
- Acceptance opens no task (§4.4): the offer becomes Accepted, the hold stops expiring, the deposit is due from
  the acceptance day, and the event moves to step 6.
- A decline makes the offer Declined and the event Lost (reason in the audit), releases the hold at once and
  closes the thread; a later message on a closed thread is told to start a new inquiry and changes nothing.
- A counter counts (`counter_count`) and opens a `counter_offer` task, the 4th a `counter_limit` task.
- While only counter or review tasks wait, a strong acceptance or a decline still settles the offer (the open
  counter tasks close as superseded); while a new offer version waits for the manager nothing can be accepted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from venuedesk.domain.deposits import DepositDue
from venuedesk.domain.discounts import counter_decision
from venuedesk.domain.event import Offer
from venuedesk.domain.offer_lifecycle import event_transition
from venuedesk.tools.booking_models import HilCreateArgs, OfferAcceptArgs, OfferDeclineArgs
from venuedesk.workflow import autonomy, hil_guard, reoffer, tables, texts
from venuedesk.workflow.lost_exits import record_exit, record_lapse
from venuedesk.workflow.questions import answer_questions
from venuedesk.workflow.reply import HilRef
from venuedesk.workflow.steps import room
from venuedesk.workflow.steps.review import to_the_team
from venuedesk.workflow.turn import Turn

Stance = Literal["accept", "weak_accept", "decline", "counter"]
COUNTER_TASKS = ("counter_offer", "counter_limit")
SETTLES_WHILE_WAITING = (*COUNTER_TASKS, "manual_review", "reply_approval")


def stance(turn: Turn) -> Stance | None:
    """What the message (or action) does to the offer; None for a question or anything else."""
    facts = turn.facts
    found = facts.negotiation
    if found is not None:
        if found.stance == "accept":
            return "accept" if found.strength == "strong" else "weak_accept"
        return None if found.stance == "question" else found.stance
    if facts.has("acceptance"):
        return "accept"  # the accept_offer action
    if facts.has("decline"):
        return "decline"
    return None


def run(turn: Turn) -> bool:
    """Step 5 reached by a message that also changed something in place (contact, billing): its answer to the offer
    still counts (accept, decline, counter); True when it moved the event on (an acceptance → step 6)."""
    offer = turn.state.offer
    said = stance(turn) if offer is not None and offer.status == "Sent" else None
    if said == "accept" or said == "weak_accept" and _in_direct_reply(turn):
        turn.agent = "negotiation_agent"
        accept(turn)
    elif said == "decline":
        turn.agent = "negotiation_agent"
        decline(turn, None)
    elif said == "counter":
        turn.agent = "negotiation_agent"
        counter(turn)
    return turn.state.current_step != 5


def answer(turn: Turn, text: str) -> None:
    """A message about the sent offer: accept, decline, counter; questions are answered; anything else goes to the
    venue's team."""
    turn.agent = "negotiation_agent"
    offer = turn.state.offer
    said = stance(turn) if offer is not None and offer.status == "Sent" else None
    if said == "weak_accept" and not _in_direct_reply(turn):
        _ask_to_confirm(turn)
    elif said in ("accept", "weak_accept"):
        accept(turn)
    elif said == "decline":
        decline(turn, None if turn.facts.negotiation is None else text[:500])
        return
    elif said == "counter":
        counter(turn)
    else:
        answer_questions(turn, text)
        if turn.facts.has("question") and turn.body:
            turn.next_key = "answer_offer"
            return
        to_the_team(turn, text)
        return
    answer_questions(turn, text)


def accept(turn: Turn) -> None:
    """Accept the live sent offer: Accepted, the hold stops expiring, the deposit is due from today; on to step 6."""
    state = turn.state
    offer = state.offer
    assert offer is not None
    problem = hil_guard.hold_problem(turn.uow, state, turn.now)
    if problem is not None:
        _hold_gone(turn, problem)
        return
    result = turn.call("offer_accept", OfferAcceptArgs(offer_id=offer.offer_id))
    offer.status = "Accepted"
    offer.accepted_at = datetime.fromisoformat(result.accepted_at)
    reoffer.apply_deposit_terms(state, DepositDue(result.deposit_required, offer.deposit.amount, result.deposit_due))
    state.hold_expires_at = None
    turn.move_to(6, f"offer {offer.offer_id} v{offer.version} accepted")
    room_name = turn.venue.room(offer.room_id).label(turn.language)
    turn.say("offer_accepted", version=offer.version, total=texts.price(offer.total, turn.language), room=room_name,
             date=texts.long_date(offer.chosen_date, turn.language))
    turn.next_key = "billing_details"


def _hold_gone(turn: Turn, problem: str) -> None:
    """The option behind the offer lapsed before the acceptance arrived: nothing is accepted, the offer no longer
    stands, and the event goes back to the room step (the engine shows the rooms free now)."""
    state = turn.state
    offer = state.offer
    assert offer is not None
    room_name = turn.venue.room(offer.room_id).label(turn.language)
    from_status = state.status
    room.release_hold(turn)
    record_lapse(turn, from_status, offer.room_id)
    offer.status = "Superseded"
    state.caller_step = None
    state.requirements.preferred_room = None
    turn.move_to(3, f"acceptance of {offer.offer_id} after its hold {problem}")
    key = "hold_lapsed_taken" if problem == "taken" else "hold_lapsed"
    turn.say(key, room=room_name, date=texts.long_date(offer.chosen_date, turn.language))


def decline(turn: Turn, reason: str | None) -> None:
    """Decline the live sent offer: Declined, the hold released at once, the event Lost, the thread Closed."""
    state = turn.state
    offer = state.offer
    assert offer is not None
    turn.call("offer_decline", OfferDeclineArgs(offer_id=offer.offer_id, reason=reason))
    offer.status = "Declined"
    from_status = state.status
    room.release_hold(turn)
    state.status = event_transition(state.status, "Lost")
    record_exit(turn, "declined", from_status, state.status, offer.room_id)
    state.caller_step = None
    for task in turn.uow.hil.open_for_thread(state.thread_id):
        turn.uow.hil.decide(task.id, "superseded", {"reason": "the client declined the offer"}, "engine", turn.now)
    state.thread_state = "Closed"
    why = reason or "declined with the button"
    state.record("step", at=turn.now, actor=turn.actor, reason=f"offer {offer.offer_id} declined; event Lost: {why}",
                 detail={"offer_id": offer.offer_id, "status": "Lost", "reason": reason})
    turn.say("offer_declined", version=offer.version)
    turn.next_key = "new_inquiry"


def counter(turn: Turn) -> None:
    """Count the counter and open a `counter_offer` task (a `counter_limit` task beyond the venue's limit)."""
    state = turn.state
    offer = state.offer
    assert offer is not None
    decision = counter_decision(state.counter_count, turn.venue.policies)
    state.counter_count = decision.counter_count
    if not autonomy.review_needed(turn.uow, turn.venue, "counter"):
        _price_stands_at_once(turn, offer)
        return
    counter_facts = _counter_facts(turn, offer, decision.counter_count)
    summary = counter_summary(counter_facts, "en")
    task = turn.call("hil_create", HilCreateArgs(type=decision.task, summary=summary, offer_id=offer.offer_id,
                                                 offer_version=offer.version))
    state.record("step", at=turn.now, actor=turn.actor, reason=summary,
                 detail={"task_id": task.task_id, "counter": counter_facts})
    state.thread_state = "Waiting on HIL"
    turn.hil = HilRef(task_id=task.task_id, type=decision.task, status=task.status)
    turn.say("counter_received" if decision.task == "counter_offer" else "counter_limit_received")
    turn.next_key = "venue_answers"


def _price_stands_at_once(turn: Turn, offer: Offer) -> None:
    """`counter: auto` (docs/design.md §4.13 Autonomy): no task; the client hears at once that the price stands and
    the offer stays open with its buttons (a discount is only ever the manager's)."""
    turn.say("counter_price_stands_auto", version=offer.version, total=texts.price(offer.total, turn.language))
    turn.actions.extend(tables.offer_actions(offer, turn.language))
    turn.sent_kind = "counter"
    turn.next_key = "answer_offer"


def _counter_facts(turn: Turn, offer: Offer, number: int) -> dict[str, str | int | None]:
    """What the manager's task says about a counter, as data (re-said in the manager's language by
    `counter_summary`): which counter of how many, on which offer, and what the client asked (never a booking fact)."""
    found = turn.facts.negotiation
    return {"number": number, "limit": turn.venue.policies.max_counters, "offer_id": offer.offer_id,
            "version": offer.version, "total": str(offer.total),
            "percent": None if found is None or found.discount_percent is None else str(found.discount_percent),
            "amount": None if found is None or found.discount_amount is None else str(found.discount_amount),
            "target_total": None if found is None or found.target_total is None else str(found.target_total)}


def counter_summary(facts: dict[str, Any], language: str) -> str:
    """`Counter 1 of 3 on offer … v1 (CHF 750.00): asks 10 % off` in the manager's `language`."""
    if facts.get("percent") is not None:
        asked = texts.say("manager.counter_asks_percent", language, percent=facts["percent"])
    elif facts.get("amount") is not None:
        asked = texts.say("manager.counter_asks_amount", language, amount=texts.price(facts["amount"], language))
    elif facts.get("target_total") is not None:
        asked = texts.say("manager.counter_asks_total", language, total=texts.price(facts["target_total"], language))
    else:
        asked = texts.say("manager.counter_asks_better", language)
    return texts.say("manager.counter_summary", language, number=facts["number"], limit=facts["limit"],
                     offer_id=facts["offer_id"], version=facts["version"],
                     total=texts.price(facts["total"], language), asked=asked)


def _in_direct_reply(turn: Turn) -> bool:
    """True when the desk's latest message to the client carried the live offer's accept button."""
    live = turn.state.offer
    for row in reversed(turn.uow.messages.history(turn.state.thread_id, limit=20)):
        if row.role != "desk":
            continue
        actions = (row.reply or {}).get("actions", [])
        return live is not None and any(
            a.get("name") == "accept_offer" and (a.get("args") or {}).get("offer_id") == live.offer_id for a in actions)
    return False


def _ask_to_confirm(turn: Turn) -> None:
    """Bare assent not in direct reply to the offer: ask whether it accepts the offer, with the buttons."""
    offer = turn.state.offer
    assert offer is not None
    turn.say("accept_confirm", version=offer.version, total=texts.price(offer.total, turn.language))
    turn.actions.extend(tables.offer_actions(offer, turn.language))
    turn.next_key = "answer_offer"


def settles_while_waiting(turn: Turn) -> bool:
    """A strong acceptance or a decline of the live sent offer while only counter or review tasks wait: the open
    counter tasks close as superseded and the answer is handled as at step 5 (True)."""
    state, offer = turn.state, turn.state.offer
    said = stance(turn)
    if state.current_step != 5 or offer is None or offer.status != "Sent" or said not in ("accept", "decline"):
        return False
    open_tasks = turn.uow.hil.open_for_thread(state.thread_id)
    if any(task.type not in SETTLES_WHILE_WAITING for task in open_tasks):
        return False
    for task in open_tasks:
        if task.type in COUNTER_TASKS:
            turn.uow.hil.decide(task.id, "superseded", {"reason": f"the client answered: {said}"}, "engine", turn.now)
    hil_guard.settle_thread_state(turn.uow, state)
    return True


def repeated_acceptance(turn: Turn) -> bool:
    """An acceptance of an offer already accepted (step 6 or later): acknowledged, no task, nothing changes."""
    offer = turn.state.offer
    if offer is None or offer.status != "Accepted" or stance(turn) not in ("accept", "weak_accept"):
        return False
    if turn.facts.billing is not None or turn.facts.topics:
        return False
    turn.agent = "negotiation_agent"
    turn.say("offer_already_accepted", version=offer.version)
    return True


def holding_key(turn: Turn, offer_pending: bool) -> str:
    """The holding reply while the manager has the thread: an acceptance of a draft not yet sent is told so."""
    if offer_pending and stance(turn) in ("accept", "weak_accept"):
        return "accept_draft_pending"
    return "holding" if offer_pending else "holding_team"


def closed_thread(turn: Turn) -> None:
    """A message on a closed thread (offer declined, event Lost or Cancelled): nothing changes; the client is
    asked to start a new inquiry, which gets its own thread and event."""
    turn.agent = "fallback_agent"
    turn.say("thread_closed", venue=turn.venue.name)
    turn.next_key = "new_inquiry"
