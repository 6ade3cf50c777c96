"""The deposit after an amendment of a paid booking (docs/amendments.md "The deposit"): a top-up the client owes or
an excess the venue owes back.

An amendment that raises the total of a booking whose deposit was paid leaves one open `DepositTopUp` on the event
(amount, due date by the deposit rule, the offer version that asks for it); a later amendment replaces an unpaid
one. It is paid once, by the manager (`deposit-paid`) or by a payment webhook notification naming that offer
version, with its exact amount and currency. An amendment that lowers the deposit below what was paid records the
excess (`deposit.excess`) for the manager to refund or credit; nothing is refunded automatically.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from venuedesk.domain.amendment import DepositDelta
from venuedesk.domain.catalogue import Policies
from venuedesk.domain.deposits import DepositDue, PaymentDecision, payment_decision
from venuedesk.domain.event import DepositTopUp, EventState
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow import hil_guard, texts
from venuedesk.workflow.finish import reply_from_turn
from venuedesk.workflow.reply import Reply
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.turn import Turn


def record_delta(uow: UnitOfWork, state: EventState, delta: DepositDelta, offer_id: str, actor: str,
                 now: datetime) -> None:
    """After an amendment of a booking whose deposit was paid: the open top-up replaced by what the new total asks
    (none when nothing more is due; its overdue task closed) and the excess paid recorded (None when none)."""
    deposit = state.deposit
    for topup in deposit.topups:
        if topup.paid_at is None and topup.overdue_task:
            uow.hil.decide(topup.overdue_task, "superseded", {"reason": "an amendment replaced the top-up"}, actor,
                           now)
    deposit.topups = [topup for topup in deposit.topups if topup.paid_at is not None]
    if delta.due_now > 0 and delta.due is not None:
        deposit.topups.append(DepositTopUp(amount=delta.due_now, due=delta.due, offer_id=offer_id))
    deposit.excess = delta.excess if delta.excess > 0 else None


def topup_decision(state: EventState, offer_id: str, amount: Decimal, currency: str,
                   policies: Policies) -> PaymentDecision | None:
    """The decision on a payment naming the offer version whose top-up is open (None: it is not for a top-up)."""
    topup = state.deposit.open_topup
    if topup is None or topup.offer_id != offer_id:
        return None
    return payment_decision(DepositDue(True, topup.amount, topup.due), False, amount, currency, policies, "top-up")


def pay_topup(turn: Turn, amount: Decimal, reference: str | None) -> Reply:
    """Mark the open top-up paid, close the payment checks (its overdue task among them), tell the client."""
    state, uow = turn.state, turn.uow
    topup = state.deposit.open_topup
    assert topup is not None, "pay_topup needs an open top-up"
    topup.paid_at, topup.reference = turn.now, reference
    open_ids = {task.id for task in uow.hil.open_for_thread(state.thread_id)}
    for task_id in state.payment_tasks:
        if task_id in open_ids:
            uow.hil.decide(task_id, "superseded", {"reason": "the deposit top-up was paid"}, turn.actor, turn.now)
    hil_guard.settle_thread_state(uow, state)
    state.record("manager_decision", at=turn.now, actor=turn.actor,
                 reason=f"deposit top-up {texts.price(amount)} received for {topup.offer_id}",
                 detail={"topup_paid": str(amount), "offer_id": topup.offer_id, "reference": reference})
    language = turn.language
    turn.say("deposit.topup_received", amount=texts.price(amount, language),
             paid=texts.price(state.deposit.paid_total(), language))
    turn.agent, turn.next_key = "manager", "booking_confirmed"
    return send_to_client(turn, reply_from_turn(turn), "auto")
