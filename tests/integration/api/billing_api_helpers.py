"""Shortcuts for the deposit API tests: a thread taken to step 6 with billing complete and the deposit requested,
the offer accepted through the store (the negotiation step's acceptance is built on its own branch)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api_helpers import MANAGER, SENDER, ok, open_thread
from venuedesk.domain.deposits import deposit_on_acceptance
from venuedesk.domain.event import Deposit
from venuedesk.workflow.desk import Desk

INQUIRY = ("Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5. "
           "Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern")


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


def awaiting_deposit(client: TestClient, desk: Desk, room: str = "Room B please, with lunch") -> tuple[str, str]:
    """A thread at step 6 whose deposit (CHF 477.00 with lunch) is requested; returns the thread and offer ids."""
    thread_id, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY, "from": SENDER}, headers=headers))
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": room}, headers=headers))
    task = next(t for t in ok(client.get("/api/hil/tasks", headers=MANAGER)) if t["thread_id"] == thread_id)
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    accept_in_store(desk, thread_id)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": "Thanks!"}, headers=headers))
    return thread_id, task["offer_id"]
