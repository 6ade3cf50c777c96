"""Shortcuts for the step-6 tests: an inquiry taken to an approved offer, accepted by the client (step 6)."""

from __future__ import annotations

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


def accept(desk: Desk, thread_id: str) -> None:
    """The client accepts the sent offer (docs/design.md §4.13): Accepted, the deposit due from today, step 6."""
    desk.handle_message(thread_id, "We accept the offer")


def at_step_6(desk: Desk, thread_id: str, inquiry: str = INQUIRY, room: str = WITH_LUNCH) -> None:
    """An accepted offer waiting for billing and the deposit."""
    offer_sent(desk, thread_id, inquiry, room)
    accept(desk, thread_id)


def awaiting_deposit(desk: Desk, thread_id: str) -> None:
    """Step 6 with billing complete: the deposit of CHF 477.00 is requested."""
    at_step_6(desk, thread_id, f"{INQUIRY} {ADDRESS}")
