"""The manager's answer to a client's counter (docs/design.md §4.13): approve with a discount → a new offer version
with a Discount line, sent at once (approving is its review, no second task); approve without one, reject with a
note, or edit → the client hears that the price stands, and the offer stays open."""

from __future__ import annotations

from decimal import Decimal

from venuedesk.domain.discounts import Discount, DiscountError, discount_from, discount_value
from venuedesk.domain.event import Offer
from venuedesk.domain.pricing import CENT
from venuedesk.tools.booking_models import OfferDiscountArgs
from venuedesk.workflow import hil_guard, offer_documents, tables, texts
from venuedesk.workflow.errors import DeskError, InputError
from venuedesk.workflow.finish import reply_from_draft
from venuedesk.workflow.reply import Reply
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.steps.offer import draft_reply, new_version
from venuedesk.workflow.task_handlers.registry import Decision, handles

COUNTER_TASKS = ("counter_offer", "counter_limit")
_PROBLEM_KEYS = {"both_given": "discount_both", "percent_out_of_range": "discount_percent",
                 "amount_not_positive": "discount_amount", "not_a_number": "discount_number",
                 "rounds_to_zero": "discount_zero", "amount_not_below_total": "discount_too_large"}


def discount_or_error(percent: Decimal | None, amount: Decimal | None) -> Discount | None:
    """The manager's discount (None when neither figure is given); a bad one raises InputError naming the field."""
    if percent is None and amount is None:
        return None
    try:
        return discount_from(percent, amount)
    except DiscountError as error:
        raise _input_error(error, percent, amount) from error


def check_discount_allowed(task_type: str, task_id: str, decision: str, percent: object, amount: object) -> None:
    """Discount figures only come with the approval of a counter task; anything else is refused before it runs."""
    if percent is None and amount is None:
        return
    field = "discount_percent" if percent is not None else "discount_amount"
    if task_type not in COUNTER_TASKS:
        raise InputError.said("manager.error.discount_not_counter", field=field, figure=field, task_id=task_id,
                              task_type=task_type)
    if decision != "approve":
        raise InputError.said("manager.error.discount_not_approve", field=field, figure=field, decision=decision)


@handles(*COUNTER_TASKS)
def decide_counter(decision: Decision) -> Reply:
    """Approve with a discount → a discounted version sent at once; otherwise the price stands (the note included)."""
    turn = decision.turn
    offer = turn.state.offer
    assert offer is not None and offer.status == "Sent", "manager.decide closes a counter on a stale offer first"
    discount = discount_or_error(decision.discount_percent, decision.discount_amount)
    if decision.decision == "approve" and discount is not None:
        return _grant(decision, offer, discount)
    return _price_stands(decision, offer)


def _grant(decision: Decision, offer: Offer, discount: Discount) -> Reply:
    turn, state = decision.turn, decision.turn.state
    pre_discount = sum((line.total for line in offer.lines if line.kind != "discount"), Decimal("0.00"))
    try:
        discount_value(pre_discount, discount)
    except DiscountError as error:
        raise _input_error(error, discount.percent, discount.amount, pre_discount) from error
    result = turn.call("offer_discount", OfferDiscountArgs(
        offer_id=offer.offer_id, percent=None if discount.percent is None else float(discount.percent),
        amount=None if discount.amount is None else float(discount.amount)))
    new = new_version(turn, result.offer)
    new.status = "Sent"
    offer_documents.record_sent(turn.uow, turn.venue, state, new, turn.now)
    hil_guard.settle_thread_state(turn.uow, state)
    language = turn.language
    shown = f"{discount.percent.normalize():f} %" if discount.percent is not None else texts.price(
        Decimal(str(result.discount)), language)
    draft = draft_reply(turn, new)
    body = texts.say("counter_granted", language, discount=shown, version=new.version)
    draft["agent"] = "negotiation_agent"
    reply = reply_from_draft(draft, state, turn.turn_id, "answer_offer", decision.hil,
                             body=f"{body}\n\n{draft['terms_markdown']}")
    return send_to_client(turn, reply, "approved")


def _price_stands(decision: Decision, offer: Offer) -> Reply:
    turn, state = decision.turn, decision.turn.state
    hil_guard.settle_thread_state(turn.uow, state)
    language = turn.language
    if decision.decision == "edit" and decision.text:
        body = decision.text
    else:
        body = texts.say("counter_price_stands", language, version=offer.version,
                         total=texts.price(offer.total, language))
        if decision.note and decision.note.strip():
            body += "\n\n" + texts.say("counter_manager_note", language, note=decision.note.strip())
    draft = {"agent": "negotiation_agent", "body_markdown": body,
             "actions": [a.model_dump(mode="json") for a in tables.offer_actions(offer, language)]}
    reply = reply_from_draft(draft, state, turn.turn_id, "answer_offer", decision.hil)
    return send_to_client(turn, reply, "edited" if decision.decision == "edit" else "approved")


def _input_error(error: DiscountError, percent: Decimal | None, amount: Decimal | None,
                 total: Decimal | None = None) -> DeskError:
    field = "discount_percent" if percent is not None else "discount_amount"
    value = percent if percent is not None else amount
    key = _PROBLEM_KEYS.get(error.code)
    if key is None:
        return InputError(str(error), field=field)
    shown = Decimal(value).quantize(CENT) if error.code == "amount_not_below_total" and value is not None else value
    return InputError.said(f"manager.error.{key}", field=field, figure=field, value=shown,
                           total=None if total is None else total.quantize(CENT))
