"""Step 6: billing address and deposit (docs/design.md §4.13).

Billing is captured whenever the client gives it, at any step (`capture_billing`, called by the engine); at
step 6 the missing parts are asked for by name, and the reply that completes billing requests the deposit when
one is required. Every step-6 reply repeats the request until the deposit is paid. A client saying "we paid"
never marks it paid: it opens one `manual_review` task to check the payment.
"""

from __future__ import annotations

from collections.abc import Sequence

from venuedesk.domain.event import Billing, EventState
from venuedesk.tools.billing import DEFAULT_COUNTRY, billing_missing
from venuedesk.tools.booking_models import BillingUpdateArgs, BillingUpdateResult, HilCreateArgs
from venuedesk.understanding.model import Understanding
from venuedesk.workflow import hil_guard, texts
from venuedesk.workflow.questions import answer_questions
from venuedesk.workflow.reply import HilRef
from venuedesk.workflow.steps.review import to_the_team
from venuedesk.workflow.turn import Turn

ADDRESS_PARTS = ("company", "name", "street", "postal_code", "city")
# Intents of a step-6 message that leave nothing for the venue's team to answer.
NOTHING_TO_ANSWER = frozenset({"acceptance", "greeting"})


def capture_billing(turn: Turn) -> bool:
    """Store the billing parts this message gives (`billing_update`) and acknowledge them; True when it gave any."""
    given = turn.facts.billing
    state = turn.state
    if given is None or not any(getattr(given, part) for part in ADDRESS_PARTS):
        return False
    parts = {part: getattr(given, part) for part in ADDRESS_PARTS if getattr(given, part)}
    if given.country and (given.country != DEFAULT_COUNTRY or state.billing.country is None):
        parts["country"] = given.country  # an implied CH never overwrites a country the client named before
    if any(getattr(state.billing, part) != value for part, value in parts.items()):  # a restatement writes nothing
        result: BillingUpdateResult = turn.call("billing_update", BillingUpdateArgs(**parts))
        state.billing = Billing(**result.model_dump(exclude={"missing", "complete"}))
    turn.notes.append(texts.say("billing.noted", turn.language, address=format_address(state.billing)))
    return True


def only_billing(facts: Understanding) -> bool:
    """True when a message gives a billing address and nothing a step 5 or 7 would act on."""
    return facts.billing is not None and facts.negotiation is None and not (
        set(facts.intents) - {"greeting", "event_request"}) and not facts.topics


def format_address(billing: Billing) -> str:
    """The address on one line: company, name, street, postal code and city, and the country when not CH."""
    place = " ".join(part for part in (billing.postal_code, billing.city) if part)
    country = billing.country if billing.country and billing.country != DEFAULT_COUNTRY else None
    return ", ".join(part for part in (billing.company, billing.name, billing.street, place, country) if part)


def deposit_open(state: EventState) -> bool:
    """True while a required deposit is unpaid."""
    return state.deposit.required and state.deposit.paid_at is None


def run(turn: Turn) -> bool:
    """Entering or re-checking step 6: ask for missing billing parts, else request the unpaid deposit; True (and
    on to step 7) when billing is complete and the deposit is paid or not required."""
    turn.agent = "offer_agent"
    state = turn.state
    missing = billing_missing(state.billing)
    if missing:
        turn.say("billing.ask", parts=_part_names(missing, turn.language))
        turn.next_key = "billing"
        return False
    if deposit_open(state):
        _request_deposit(turn)
        return False
    settled = "paid" if state.deposit.required else "not required"
    turn.move_to(7, f"billing complete, deposit {settled}")
    return True


def answer(turn: Turn, text: str) -> None:
    """A step-6 message that changed no booking fact: questions answered, a payment claim checked by the team,
    anything else the desk cannot handle goes to the team; the billing or deposit request is repeated."""
    answer_questions(turn, text)
    answered = bool(turn.body)
    turn.agent = "offer_agent"
    facts = turn.facts
    if facts.has("payment_claimed"):
        _payment_claimed(turn, text)
    elif facts.billing is None and not answered and not set(facts.intents) & NOTHING_TO_ANSWER:
        team_has_it = turn.state.thread_state == "Waiting on HIL" and not hil_guard.only_held_replies_open(
            turn.uow, turn.state)
        if team_has_it:
            turn.say("holding_team")  # the team already has the thread: no second task (docs/design.md §4.5)
            turn.holding = True
        else:
            to_the_team(turn, text)
    run(turn)


def _request_deposit(turn: Turn) -> None:
    state, language = turn.state, turn.language
    assert state.deposit.amount is not None and state.deposit.due is not None, "a required deposit has terms"
    offer = state.offer
    turn.say("deposit.request", amount=texts.price(state.deposit.amount, language),
             due=texts.long_date(state.deposit.due, language), reference=offer.offer_id if offer else state.event_id)
    turn.next_key = "deposit"


def _payment_claimed(turn: Turn, text: str) -> None:
    """"We already transferred it": never marks it paid; one open `manual_review` task checks the payment."""
    state = turn.state
    if not state.deposit.required:
        turn.say("deposit.claim_not_required")
        return
    if state.deposit.paid_at is not None:
        turn.say("deposit.claim_already_paid")
        return
    turn.say("deposit.claim_noted")
    open_ids = {task.id for task in turn.uow.hil.open_for_thread(state.thread_id)}
    existing = next((task_id for task_id in state.payment_tasks if task_id in open_ids), None)
    if existing is None:
        offer = state.offer
        amount = texts.price(state.deposit.amount or 0)
        task = turn.call("hil_create", HilCreateArgs(
            type="manual_review", summary=f"Payment check: the client says the deposit of {amount} was paid. "
            f"Their words: {text[:400]}", offer_id=offer.offer_id if offer else None,
            offer_version=offer.version if offer else None))
        state.payment_tasks.append(task.task_id)
        existing = task.task_id
    hil_guard.settle_thread_state(turn.uow, state)
    turn.hil = HilRef(task_id=existing, type="manual_review", status="open")


def _part_names(missing: Sequence[str], language: str) -> str:
    names = [texts.say(f"billing.part.{part}", language) for part in missing]
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {texts.say('billing.and', language)} {names[-1]}"
