"""The deposit paid (docs/design.md §4.13): by a manager (`deposit_mark_paid`) or by the payment webhook.

The webhook body `{offer_id, amount, currency, reference}` is signed with HMAC-SHA256 over the raw body using
`VENUEDESK_PAYMENT_SECRET` (hex in `X-Venuedesk-Signature`). Every notification is recorded once per
`reference` (`payment_record`); a redelivery returns the first outcome and changes nothing. A payment is applied
only when it matches the unpaid deposit of the accepted live offer at step 6, or the open top-up an amendment asked
for on that offer version (docs/amendments.md), amount and currency exactly;
anything else is recorded, not applied, and opens a `manual_review` task. A notification for an offer the desk
does not know is refused (404) and not recorded: there is no thread to attach it or its task to, and the
provider keeps it for a person to look at. The API and the golden-transcript runner both call `handle_webhook`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from venuedesk.domain.deposit_watch import BILLING_STEP
from venuedesk.domain.deposits import DepositDue, PaymentDecision, payment_decision
from venuedesk.domain.event import EventState
from venuedesk.domain.pricing import CENT
from venuedesk.store.models import InboxRow
from venuedesk.store.uow import UnitOfWork
from venuedesk.tools.booking_models import DepositMarkPaidArgs, HilCreateArgs, PaymentRecordArgs
from venuedesk.understanding.model import Understanding
from venuedesk.workflow import deposit_topup, hil_guard, texts
from venuedesk.workflow.engine import advance
from venuedesk.workflow.errors import DecisionError, DeskError, InputError, UnknownThread
from venuedesk.workflow.finish import reply_from_turn
from venuedesk.workflow.function_sheets import record_sheet
from venuedesk.workflow.keys import check_key, lock_key, reused_key, same_request
from venuedesk.workflow.manager import DecisionDeps
from venuedesk.workflow.reply import Reply
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.turn import ToolFailed, Turn

SIGNATURE_HEADER = "X-Venuedesk-Signature"
SECRET_ENV = "VENUEDESK_PAYMENT_SECRET"
PAYMENT_ACTOR = "payment_webhook"


class PaymentsNotConfigured(DeskError):
    """No payment secret is configured, so no notification can be verified (503)."""


class BadSignature(DeskError):
    """The signature header is missing or does not match the body (401)."""


class UnknownOffer(DeskError, LookupError):
    """The notification names an offer the desk does not know (404, not recorded)."""


class PaymentIn(BaseModel):
    """The webhook body."""

    model_config = ConfigDict(extra="forbid")

    offer_id: str = Field(min_length=1, max_length=64)
    amount: Decimal = Field(gt=0, le=10_000_000, decimal_places=2)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    reference: str = Field(min_length=1, max_length=200)


@dataclass(frozen=True)
class PaymentResult:
    """What a notification did: `applied` (deposit paid), `recorded` (kept, not applied, a manager checks it) or
    `duplicate` (this reference was seen before; nothing changed). `reply` is what the client was sent, if any."""

    status: Literal["applied", "recorded", "duplicate"]
    applied: bool
    reason: str
    thread_id: str
    reference: str
    reply: Reply | None = None


def sign(secret: str, body: bytes) -> str:
    """The hex HMAC-SHA256 of the raw body with the payment secret (what the provider sends)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def handle_webhook(deps: DecisionDeps, body: bytes, signature: str | None, secret: str | None) -> PaymentResult:
    """Verify the signature over the raw body, parse it, and record (and maybe apply) the payment once."""
    if not secret:
        raise PaymentsNotConfigured(f"payments are not configured: set {SECRET_ENV} to the secret shared with "
                                    "the payment provider")
    given = (signature or "").strip().lower().encode("utf-8", "replace")
    if not given or not hmac.compare_digest(sign(secret, body).encode(), given):
        raise BadSignature(f"{SIGNATURE_HEADER}: missing or wrong signature; send the hex HMAC-SHA256 of the raw "
                           f"body made with the shared secret", field=SIGNATURE_HEADER)
    return receive_payment(deps, parse_payment(body))


def parse_payment(body: bytes) -> PaymentIn:
    """The webhook body as a PaymentIn; a clear InputError names the field at fault."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise InputError(f"the body is not valid JSON: {exc}") from exc
    try:
        return PaymentIn.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise InputError(f"{field}: {first['msg']}", field=field) from exc
    except (TypeError, InvalidOperation) as exc:
        raise InputError(f"the body must be a JSON object {{offer_id, amount, currency, reference}}: {exc}") from exc


def receive_payment(deps: DecisionDeps, payment: PaymentIn) -> PaymentResult:
    """Record a verified notification once per reference; apply it when it matches the deposit, else a task."""
    event_id = payment.offer_id.rpartition("-v")[0]
    with deps.uow() as uow:
        state = uow.events.get(event_id) if event_id else None
        if state is None or all(offer.offer_id != payment.offer_id for offer in state.offers):
            raise UnknownOffer(f"offer_id: no offer {payment.offer_id!r} is known; nothing was recorded",
                               field="offer_id")
        # The reference first (lock order: key, then thread): one reference sent at once for offers of two threads
        # would otherwise pass both checks below under their own thread locks, and the loser's record would only
        # fail at commit, a 500 to the provider instead of "duplicate".
        lock_key(uow, f"payment:{payment.reference}")
        uow.lock_thread(state.thread_id)
        seen = uow.payments.by_reference(payment.reference)
        if seen is not None:
            return PaymentResult("duplicate", seen.applied, seen.reason, state.thread_id, payment.reference)
        state = uow.events.get(event_id)
        assert state is not None
        turn = _turn(deps, uow, state, PAYMENT_ACTOR)
        topup = state.deposit.open_topup
        for_topup = topup is not None and topup.offer_id == payment.offer_id
        decision = _decide(turn, payment)
        applied = decision.outcome == "apply"
        try:
            turn.call("payment_record", PaymentRecordArgs(
                offer_id=payment.offer_id, amount=float(payment.amount), currency=payment.currency,
                reference=payment.reference, applied=applied, reason=decision.reason[:500]))
        except ToolFailed:
            seen = uow.payments.by_reference(payment.reference)  # recorded meanwhile for another thread
            if seen is None:
                raise
            return PaymentResult("duplicate", seen.applied, seen.reason, state.thread_id, payment.reference)
        reply = None
        if applied:
            reply = (deposit_topup.pay_topup(turn, payment.amount, payment.reference) if for_topup
                     else _deposit_paid(turn, payment.amount))
        if not applied:
            _review_payment(turn, f"Payment {payment.reference} for offer {payment.offer_id}: {decision.reason}")
        _save(turn, "system", f"payment {payment.reference}: {'applied' if applied else 'recorded, not applied'}")
        uow.commit()
        return PaymentResult("applied" if applied else "recorded", applied, decision.reason, state.thread_id,
                             payment.reference, reply)


def mark_deposit_paid(
    deps: DecisionDeps, thread_id: str, amount: Decimal, *, manager_id: str, idempotency_key: str | None,
    language: str = "en",
) -> Reply:
    """A manager received the deposit: recorded once (`deposit_mark_paid`), open payment checks closed, the client
    told and the event advanced to step 7. A repeat (double click) returns the first reply and changes nothing.
    Errors carry the message in every language (`message_in`); `language` is the manager's, as for `decide`."""
    if amount <= 0:
        raise InputError.said("manager.error.deposit_amount", field="amount", example="627.00")
    check_key(idempotency_key)
    paid = amount.quantize(CENT)
    with deps.uow() as uow:
        if idempotency_key:
            lock_key(uow, f"manager:{idempotency_key}")  # before the thread, as for decisions
        if not uow.lock_thread(thread_id):
            raise UnknownThread(f"thread {thread_id!r} does not exist")
        state = uow.events.for_thread(thread_id)
        offer = state.offer if state else None
        key = f"manager:{idempotency_key}" if idempotency_key else f"deposit_paid:{offer.offer_id if offer else '-'}"
        stored = uow.inbox.get(thread_id, key)
        if idempotency_key:
            _refuse_reused(uow, idempotency_key, stored, paid)
        if stored is not None and stored.reply is not None:
            return Reply.model_validate(stored.reply)
        if state is None or offer is None or not state.deposit.required:
            raise DecisionError.said("manager.error.no_deposit", thread_id=thread_id)
        topup = state.deposit.open_topup
        if state.deposit.paid_at is not None and topup is None:
            raise DecisionError.said("manager.error.deposit_already_paid", thread_id=thread_id,
                                     paid_at=state.deposit.paid_at.strftime("%Y-%m-%d %H:%M"))
        if topup is None and state.current_step != BILLING_STEP:
            raise DecisionError.said("manager.error.not_billing_step", thread_id=thread_id, step=state.current_step)
        if topup is not None and paid != topup.amount:
            raise InputError.said("manager.error.topup_amount", field="amount", thread_id=thread_id,
                                  due=texts.price(topup.amount))
        turn = _turn(deps, uow, state, manager_id)
        result = turn.call("deposit_mark_paid", DepositMarkPaidArgs(amount=float(paid), reference=None))
        reply = deposit_topup.pay_topup(turn, paid, result.reference) if topup else _deposit_paid(turn, paid)
        _save(turn, "manager", f"deposit {'top-up ' if topup else ''}marked paid: {paid}")
        uow.inbox.put(thread_id, key, "hil", {"deposit_paid": float(paid)}, turn.now, reply.model_dump(mode="json"))
        uow.commit()
        return reply


def _refuse_reused(uow: UnitOfWork, idempotency_key: str, stored: InboxRow | None, paid: Decimal) -> None:
    """A manager key replays only the deposit it first marked: used on another thread, for a decision, or with
    another amount, it is a 422 naming the key."""
    first_use = stored or uow.inbox.find_key(f"manager:{idempotency_key}", kind="hil")
    if first_use is None:
        return
    if first_use is not stored or not same_request(first_use.payload, {"deposit_paid": float(paid)}):
        raise reused_key(idempotency_key)


def _turn(deps: DecisionDeps, uow: UnitOfWork, state: EventState, actor: str) -> Turn:
    return Turn(uow=uow, venue=deps.venue, now=deps.clock.now(), state=state,
                facts=Understanding(language=state.language), executor=deps.executor,
                turn_id=f"turn-{state.revision + 1}", actor=actor, calendars=deps.calendars)


def _decide(turn: Turn, payment: PaymentIn) -> PaymentDecision:
    """The domain's decision, refused first when the offer is not the accepted live one waiting at step 6."""
    state = turn.state
    live = state.offer
    if live is None or live.offer_id != payment.offer_id or live.status != "Accepted":
        return PaymentDecision("record_only", None, f"offer {payment.offer_id} is not the accepted live offer; "
                               "recorded, not applied: a manager checks it")
    topup = deposit_topup.topup_decision(state, payment.offer_id, payment.amount.quantize(CENT), payment.currency,
                                         turn.venue.policies)
    if topup is not None:
        return topup
    if state.current_step != BILLING_STEP and state.deposit.paid_at is None:
        return PaymentDecision("record_only", None, f"the event is at step {state.current_step}, not waiting for "
                               "a deposit; recorded, not applied: a manager checks it")
    deposit = state.deposit
    due = DepositDue(deposit.required, deposit.amount, deposit.due)
    return payment_decision(due, deposit.paid_at is not None, payment.amount.quantize(CENT), payment.currency,
                            turn.venue.policies)


def _deposit_paid(turn: Turn, amount: Decimal) -> Reply:
    """Mark the deposit paid, close the open payment checks, tell the client and move on (step 7)."""
    state, uow = turn.state, turn.uow
    state.deposit.paid_at = turn.now
    open_ids = {task.id for task in uow.hil.open_for_thread(state.thread_id)}
    for task_id in state.payment_tasks:
        if task_id in open_ids:
            uow.hil.decide(task_id, "superseded", {"reason": "the deposit was paid"}, turn.actor, turn.now)
    hil_guard.settle_thread_state(uow, state)
    turn.say("deposit.received", amount=texts.price(amount, turn.language))
    advance(turn)
    reply = reply_from_turn(turn)
    return send_to_client(turn, reply, "auto")


def _review_payment(turn: Turn, summary: str) -> None:
    """A payment that was recorded but not applied: one `manual_review` task per notification."""
    state = turn.state
    task = turn.call("hil_create", HilCreateArgs(type="manual_review", summary=summary[:2000]))
    state.payment_tasks.append(task.task_id)
    hil_guard.settle_thread_state(turn.uow, state)


def _save(turn: Turn, role: Literal["manager", "system"], text: str) -> None:
    """Save the event and note in the thread who changed it (the message to the client is already stored)."""
    state = turn.state
    state.revision += 1
    turn.uow.events.save(state, turn.now)
    record_sheet(turn.uow, turn.venue, state, turn.now)
    turn.uow.messages.append(state.thread_id, role, text, turn.turn_id, turn.now)
