"""Builders for step-7 tests (workflow and API): a thread with a sent offer, then (through the store, standing in
for steps 5 and 6) an accepted offer, a complete billing address and a settled deposit, and the engine's
`advance()` run on it as a turn would, so step 7's own code runs exactly as after a real acceptance and deposit."""

from __future__ import annotations

from venuedesk.domain.deposits import deposit_on_acceptance
from venuedesk.domain.event import Billing, Deposit
from venuedesk.understanding.model import Understanding
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.engine import advance
from venuedesk.workflow.finish import reply_from_turn
from venuedesk.workflow.reply import Reply
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.turn import Turn

INQUIRY = "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5."
SENDER = "anna@example.com"

ALPENGLUEHN = Billing(company="Alpenglühn GmbH", name="Sara Frei", street="Dorfstrasse 7", postal_code="3011",
                      city="Bern", country="CH")
WITH_LUNCH = "We'd like lunch for all guests."  # Room B 750 + 30 × 28 = CHF 1,590: deposit 477.00
NO_CATERING = "no catering"  # Room B 750: no deposit


def offer_sent(desk: Desk, thread_id: str, products: str = WITH_LUNCH, inquiry: str = INQUIRY) -> None:
    """Inquiry, Room B, products, the manager's approval: the offer is sent (step 5)."""
    desk.handle_message(thread_id, inquiry, sender=SENDER)
    desk.handle_action(thread_id, "select_room", {"room_id": "room-b"})
    review = desk.handle_message(thread_id, products)
    assert review.hil is not None, review.body_markdown
    sent = desk.decide(review.hil.task_id, "approve")
    assert sent.footer.step == 5, sent.footer_text


def enter_step_seven(desk: Desk, thread_id: str, *, paid: bool = True, billing: Billing = ALPENGLUEHN) -> Reply:
    """Accept the offer, store the billing address and the deposit (paid when `paid`), move to step 7 and run
    the engine's steps in one unit of work; the reply is stored as sent to the client, as a turn's would be."""
    with desk.uow() as uow:
        uow.lock_thread(thread_id)
        state = uow.events.for_thread(thread_id)
        assert state is not None and state.offer is not None
        now = desk.clock.now()
        offer = state.offer
        offer.status = "Accepted"
        due = deposit_on_acceptance(offer.total, offer.chosen_date, now.date(), desk.venue.policies)
        state.deposit = Deposit(required=due.required, amount=due.amount, due=due.due,
                                paid_at=now if paid and due.required else None)
        state.billing = billing
        state.move_to(7, at=now, actor="test", reason="accepted, billing complete, deposit settled (by the store)")
        turn = Turn(uow=uow, venue=desk.venue, now=now, state=state, facts=Understanding(language=state.language),
                    executor=desk.executor, turn_id=f"turn-{state.revision + 1}")
        advance(turn)
        state.revision += 1
        reply = send_to_client(turn, reply_from_turn(turn), "auto")
        uow.events.save(state, now)
        uow.commit()
    return reply


def confirmed(desk: Desk, thread_id: str, *, products: str = WITH_LUNCH, inquiry: str = INQUIRY) -> Reply:
    """A booking confirmed by the manager; returns the confirmation the client was sent."""
    offer_sent(desk, thread_id, products, inquiry)
    waiting = enter_step_seven(desk, thread_id)
    assert waiting.hil is not None and waiting.hil.type == "confirmation_approval", waiting.body_markdown
    return desk.decide(waiting.hil.task_id, "approve")
