"""Shortcuts for the step-6 tests: an inquiry taken to an approved offer, and the offer accepted through the store
(the negotiation step's own acceptance is built on its own branch; these tests need only its outcome)."""

from __future__ import annotations

from venuedesk.domain.deposits import deposit_on_acceptance
from venuedesk.domain.event import Deposit
from venuedesk.workflow.desk import Desk

SENDER = "anna@example.com"
INQUIRY = "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5."
ADDRESS = "Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"
WITH_LUNCH = "Room B please, with lunch"  # 750 + 30 × 28 = CHF 1,590: deposit CHF 477.00, due 28 Feb 2026
NO_CATERING = "Room B please, no catering"  # CHF 750: no deposit


def offer_sent(desk: Desk, thread_id: str, inquiry: str = INQUIRY, room: str = WITH_LUNCH) -> None:
    """The inquiry, the room and products, and the manager's approval: the offer is sent (step 5)."""
    desk.handle_message(thread_id, inquiry, sender=SENDER)
    desk.handle_message(thread_id, room)
    [task] = desk.open_tasks(thread_id)
    desk.decide(task["task_id"], "approve")


def accept_in_store(desk: Desk, thread_id: str) -> None:
    """What acceptance does (docs/design.md §4.13): the offer Accepted, the deposit due from today, step 6."""
    with desk.uow() as uow:
        state = uow.events.for_thread(thread_id)
        assert state is not None and state.offer is not None and state.chosen_date is not None
        now = desk.clock.now()
        state.offer.status = "Accepted"
        due = deposit_on_acceptance(state.offer.total, state.chosen_date, now.date(), desk.venue.policies)
        state.deposit = Deposit(required=due.required, amount=due.amount, due=due.due)
        state.move_to(6, at=now, actor="client", reason="offer accepted")
        uow.events.save(state, now)
        uow.commit()


def at_step_6(desk: Desk, thread_id: str, inquiry: str = INQUIRY, room: str = WITH_LUNCH) -> None:
    """An accepted offer waiting for billing and the deposit."""
    offer_sent(desk, thread_id, inquiry, room)
    accept_in_store(desk, thread_id)


def awaiting_deposit(desk: Desk, thread_id: str) -> None:
    """Step 6 with billing complete: the deposit of CHF 477.00 is requested."""
    at_step_6(desk, thread_id, f"{INQUIRY} {ADDRESS}")
    desk.handle_message(thread_id, "Thanks!")
