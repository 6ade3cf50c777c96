"""Step 4: decide products, compose a priced offer version, and hold it for the manager's approval."""

from __future__ import annotations

import json

from decimal import Decimal

from venuedesk.domain import pricing
from venuedesk.domain.catalogue import Product
from venuedesk.domain.deposits import DepositDue
from venuedesk.domain.event import DepositTerms, Offer, OfferLine
from venuedesk.tools.booking_models import HilCreateArgs, OfferComposeArgs, OfferDraftOut
from venuedesk.workflow import autonomy, freshness, hil_guard, occasion, offer_documents, reoffer, tables, texts
from venuedesk.workflow.reply import Action, HilRef, TableBlock
from venuedesk.workflow.steps import calendar_check
from venuedesk.workflow.turn import Turn

SUGGESTED_CATEGORIES = ("catering", "menu", "beverages", "equipment")


def run(turn: Turn) -> bool:
    turn.agent = "offer_agent"
    state = turn.state
    if not state.products_decided or state.catering_open:
        _ask_products(turn)
        return False
    _drop_unservable_products(turn)
    composed = turn.call("offer_compose", OfferComposeArgs())
    if composed.status == "gate_failed":
        failure = composed.failures[0]
        state.caller_step = 4
        turn.move_to(failure.step, f"gate {failure.gate}: {failure.reason}")
        if failure.step == 4:
            _ask_products(turn)
            return False
        return True
    offer = new_version(turn, composed.offer)
    draft = draft_reply(turn, offer)
    hil_guard.supersede_older_offer_tasks(turn.uow, state, offer.offer_id, turn.now)
    if not autonomy.review_needed(turn.uow, turn.venue, "offer") and not hil_guard.hold_problem(
            turn.uow, state, turn.now) and not calendar_check.open_for(turn):
        _send_at_once(turn, offer, draft)
        return False
    summary = f"Offer {offer.offer_id} v{offer.version}: {texts.price(offer.total)}"
    note = reoffer.difference_note(state, offer, reoffer.paid_difference(state, offer))
    task = turn.call(
        "hil_create",
        HilCreateArgs(type="offer_approval", summary=f"{summary} ({note})" if note else summary,
                      draft_json=json.dumps(draft), offer_id=offer.offer_id, offer_version=offer.version),
    )
    state.thread_state = "Waiting on HIL"
    turn.hil = HilRef(task_id=task.task_id, type="offer_approval", status=task.status)
    turn.say("offer_held", version=offer.version)
    turn.next_key = "review"
    return False


def _send_at_once(turn: Turn, offer: Offer, draft: dict) -> None:
    """`offer: auto` (docs/design.md §4.13 Autonomy): the offer is this turn's reply, Sent, and the event is at step
    5; no approval task. The desk audits the reply as sent at once with kind `offer` (audit.record_sent)."""
    state = turn.state
    offer.status = "Sent"
    reoffer.restart_hold_clock(turn)
    offer_documents.record_sent(turn.uow, turn.venue, state, offer, turn.now)
    turn.move_to(5, f"offer {offer.offer_id} sent at once (autonomy: offer auto)")
    hil_guard.settle_thread_state(turn.uow, state)
    turn.body.append(draft["body_markdown"])
    turn.tables.extend(TableBlock.model_validate(table) for table in draft["table_blocks"])
    turn.actions.extend(Action.model_validate(action) for action in draft["actions"])
    turn.agent = "offer_agent"
    turn.next_key = "answer_offer"
    turn.sent_kind = "offer"


def _drop_unservable_products(turn: Turn) -> None:
    """Products the held room or the date rule out (after a room or date change) leave the offer, said aloud."""
    state = turn.state
    if not (state.locked_room_id and state.chosen_date):
        return
    kept = []
    for line in state.products:
        product = turn.venue.product(line.product_id)
        problem = pricing.product_problem(product, state.locked_room_id, state.chosen_date)
        if problem is None:
            kept.append(line)
        else:
            say_product_problem(turn, product, problem.code, state.locked_room_id)
    state.products = kept


def say_product_problem(turn: Turn, product: Product, code: str, room_id: str) -> None:
    """Tell the client why a product cannot be offered: not served in the room, or out of season."""
    name = product.name(turn.language)
    if code == "not_served_in_room":
        turn.notes.append(texts.say("product_not_served", turn.language, product=name,
                                    room=turn.venue.room(room_id).label(turn.language)))
    elif code == "out_of_season":
        months = ", ".join(texts.month_name(m, turn.language) for m in product.season_months)
        turn.notes.append(texts.say("product_out_of_season", turn.language, product=name, months=months))


def _ask_products(turn: Turn) -> None:
    state = turn.state
    room_id = state.locked_room_id or ""
    month = state.chosen_date.month if state.chosen_date else None
    suggestions = [
        product for product in turn.venue.products
        if product.category in SUGGESTED_CATEGORIES and product.served_in(room_id)
        and (month is None or product.in_season(month))
    ]
    room_name = turn.venue.room(room_id).label(turn.language) if room_id else turn.venue.name
    occasion.ask_open_meals(turn)
    turn.say("ask_products", room=room_name)
    ref = freshness.issue(turn, "products")
    turn.tables.append(tables.products_table(suggestions, turn.language, ref))
    turn.actions.append(tables.no_products_action(turn.language, ref))
    turn.next_key = "products"


def new_version(turn: Turn, draft: OfferDraftOut | None) -> Offer:
    """Append a new offer version; every earlier live version (an accepted one too) is superseded, and the deposit
    terms follow it (a deposit already paid stays paid; docs/design.md §4.13)."""
    assert draft is not None
    state = turn.state
    version = len(state.offers) + 1
    for earlier in state.offers:
        if earlier.status in ("Draft", "Sent"):
            earlier.status = "Superseded"
    req = state.requirements
    assert state.chosen_date and state.locked_room_id and req.start_time and req.end_time
    offer = Offer(
        offer_id=f"{state.event_id}-v{version}",
        version=version,
        status="Draft",
        lines=[OfferLine(kind=line.kind, ref=line.ref, label=line.label, quantity=line.quantity,
                         unit_price=_money(line.unit_price), total=_money(line.total)) for line in draft.lines],
        total=_money(draft.total),
        vat=_money(draft.vat),
        deposit=DepositTerms(amount=_money(draft.deposit_amount) if draft.deposit_required else Decimal("0.00"),
                             due=draft.deposit_due if draft.deposit_required else None),
        chosen_date=state.chosen_date,
        start_time=req.start_time,
        end_time=req.end_time,
        room_id=state.locked_room_id,
        created_at=turn.now,
    )
    state.offers.append(offer)
    freshness.expire_for_offer(state)
    reoffer.supersede_accepted(turn, offer)
    reoffer.apply_deposit_terms(state, DepositDue(draft.deposit_required, offer.deposit.amount, offer.deposit.due))
    difference = reoffer.paid_difference(state, offer)
    note = reoffer.difference_note(state, offer, difference)
    if note:
        state.record("tool", at=turn.now, actor=turn.actor, reason=f"offer {offer.offer_id} v{offer.version}: {note}",
                     detail={"offer_id": offer.offer_id, "deposit_difference": str(difference)})
    return offer


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def draft_reply(turn: Turn, offer: Offer) -> dict:
    """The client message that carries the offer; it waits for the manager and gets its footer when sent.

    `message_markdown` is the part a manager may edit; `terms_markdown` (total, VAT, deposit, cancellation terms)
    and the price table are sent as computed; `body_markdown` is both, as approved."""
    language = turn.language
    req = turn.state.requirements
    message = texts.say("offer_intro", language, date=texts.long_date(offer.chosen_date, language),
                        start=offer.start_time, end=offer.end_time, room=turn.venue.room(offer.room_id).label(language),
                        participants=req.participants)
    accepted = reoffer.replaced_acceptance(turn.state)
    if accepted is not None:
        message += "\n\n" + texts.say("offer_replaces_accepted", language, accepted=accepted.version,
                                       days=turn.venue.policies.option_days)
    terms = [texts.say("offer_total", language, total=texts.price(offer.total, language),
                       vat=texts.price(offer.vat, language))]
    paid = turn.state.deposit
    if paid.paid_at is not None and paid.amount is not None:
        terms.append(texts.say("offer_deposit_already_paid", language, amount=texts.price(paid.amount, language),
                               paid_on=texts.long_date(paid.paid_at.date(), language)))
    elif offer.deposit.due and offer.deposit.amount:
        terms.append(texts.say("offer_deposit", language, amount=texts.price(offer.deposit.amount, language),
                               due=texts.long_date(offer.deposit.due, language)))
    cancellation = turn.venue.policies.cancellation_terms_in(language)
    if cancellation:
        terms.append(cancellation)
    terms_markdown = "\n\n".join(terms)
    return {
        "agent": "offer_agent",
        "body_markdown": f"{message}\n\n{terms_markdown}",
        "message_markdown": message,
        "terms_markdown": terms_markdown,
        "table_blocks": [tables.offer_table(offer, language).model_dump(mode="json")],
        "actions": [action.model_dump(mode="json") for action in tables.offer_actions(offer, language)],
        "offer_id": offer.offer_id,
        "offer_version": offer.version,
    }
