"""The rules both property machines share: the manager deciding any open task, the deposit marked paid, time
passing on the injected clock and the jobs running, and every invariant checked after each step."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from client_lines import ACCEPT, BILLING, PRODUCTS
from desk_world import DeskWorld
from venuedesk.workflow.payments import sign
from venuedesk.workflow.reply import Action, Reply

MAX_CLOCK_HOURS = 24 * 40  # beyond that the machines' event dates are too close or past: little left to explore
MAX_BUTTONS = 40
PAYMENT_SECRET = "property-payment-secret"
HOURS = (1, 5, 23, 24, 71, 24 * 7 + 1)  # an hour, a working day, a day, a weekend, past the 7 × 24 h option
DECISIONS = ("approve", "approve", "approve", "reject", "edit")
EDITS = (  # a manager's own words, or a message pasted from the chat with the footer it was shown with
    "Dear client, here is our answer.",
    "Dear client, as promised:\n\nStep: 5 Negotiation · Next: accept, decline or ask for changes · State: Awaiting Client",
)
DISCOUNTS: tuple[dict[str, Decimal], ...] = (
    {}, {"discount_percent": Decimal(5)}, {"discount_percent": Decimal(50)}, {"discount_amount": Decimal("100")},
    {"discount_amount": Decimal("0.03")},
)


def buttons_of(reply: Reply) -> list[Action]:
    """The reply's buttons: its actions and the rows' actions of its tables."""
    return [*reply.actions, *(action for table in reply.table_blocks for action in table.row_actions or [])]


class DeskMachine(RuleBasedStateMachine):
    """A desk on its own database; subclasses add the clients. `threads` maps a thread to the buttons it was shown
    (all of them, so stale buttons get clicked too)."""

    def __init__(self, template: Path) -> None:
        super().__init__()
        self.world = DeskWorld.open(template)
        self.threads: dict[str, list[Action]] = {}
        self.hours_moved = 0.0
        self.sent = 0

    def teardown(self) -> None:
        self.world.close()

    # -- what a client does ------------------------------------------------------------------------------------

    def open(self, thread_id: str) -> None:
        self.world.desk.open_thread(thread_id=thread_id)
        self.threads[thread_id] = []

    def write(self, thread_id: str, text: str) -> Reply | None:
        """The client writes; each message has its own idempotency key."""
        self.sent += 1
        reply = self.world.attempt(self.world.desk.handle_message, thread_id, text, sender=f"{thread_id}@example.com",
                                   idempotency_key=f"m{self.sent}")
        self.remember(thread_id, reply)
        return reply

    def click(self, thread_id: str, choice: int) -> None:
        """The client clicks one of the buttons the thread was ever shown (the newest ones are current)."""
        buttons = self.threads[thread_id]
        if not buttons:
            return
        button = buttons[choice % len(buttons)]
        self.remember(thread_id, self.world.attempt(self.world.desk.handle_action, thread_id, button.name,
                                                    button.args))

    def remember(self, thread_id: str, reply: Reply | None) -> None:
        if reply is not None:
            shown = self.threads.setdefault(thread_id, [])
            shown.extend(buttons_of(reply))
            del shown[:-MAX_BUTTONS]

    def follow(self, thread_id: str) -> None:
        """Do what the desk asks next on the thread, so that random runs also get deep into the flow."""
        view = self.world.event(thread_id)
        tasks = self.world.tasks(thread_id)
        if tasks:
            self.decide(tasks[0], "approve", {"discount_percent": Decimal(5)} if tasks[0]["type"] == "counter_offer"
                        else {})
            return
        if view is None:
            self.write(thread_id, self.first_message(thread_id))
            return
        step = view.get("current_step", 1)
        rooms = [button for button in self.threads[thread_id][-MAX_BUTTONS:] if button.name == "select_room"]
        if step <= 3 and rooms:
            self.remember(thread_id, self.world.attempt(self.world.desk.handle_action, thread_id, rooms[-1].name,
                                                        rooms[-1].args))
        elif step == 4:
            self.write(thread_id, PRODUCTS)
        elif step == 5:
            self.write(thread_id, ACCEPT)
        elif step == 6 and not (view.get("billing") or {}).get("city"):
            self.write(thread_id, BILLING)
        elif step == 6:
            self.pay(thread_id, exact=True)
        else:
            self.write(thread_id, "Thank you!")

    def first_message(self, thread_id: str) -> str:
        raise NotImplementedError

    # -- what the manager and the world do ----------------------------------------------------------------------

    def decide(self, task: dict[str, Any], decision: str, discount: dict[str, Decimal], edit: str = EDITS[0]) -> None:
        given: dict[str, Any] = dict(discount) if task["type"] == "counter_offer" and decision == "approve" else {}
        if decision == "edit":
            given["text"] = edit
        if decision == "reject":
            given["note"] = "Not this time."
        reply = self.world.attempt(self.world.desk.decide, task["task_id"], decision, **given)
        self.remember(task["thread_id"], reply)

    def pay(self, thread_id: str, *, exact: bool) -> None:
        deposit = (self.world.event(thread_id) or {}).get("deposit") or {}
        amount = Decimal(str(deposit.get("amount") or "100")) + (0 if exact else Decimal("0.05"))
        self.remember(thread_id, self.world.attempt(self.world.desk.mark_deposit_paid, thread_id, amount))

    @rule(pick=st.integers(0, 20), decision=st.sampled_from(DECISIONS), discount=st.sampled_from(DISCOUNTS),
          edit=st.sampled_from(EDITS))
    def manager_decides(self, pick: int, decision: str, discount: dict[str, Decimal], edit: str) -> None:
        tasks = self.world.tasks()
        if tasks:
            self.decide(tasks[pick % len(tasks)], decision, discount, edit)

    @rule(pick=st.integers(0, 20), exact=st.booleans())
    def manager_marks_deposit_paid(self, pick: int, exact: bool) -> None:
        threads = sorted(self.threads)
        self.pay(threads[pick % len(threads)], exact=exact)

    @rule(pick=st.integers(0, 20), exact=st.booleans(), reference=st.integers(1, 3))
    def payment_provider_notifies(self, pick: int, exact: bool, reference: int) -> None:
        """A signed webhook for the thread's live offer: the deposit or another amount; references repeat, so some
        notifications are redeliveries."""
        thread_id = sorted(self.threads)[pick % len(self.threads)]
        view = self.world.event(thread_id) or {}
        offer_id = (view.get("offer") or {}).get("offer_id")
        if offer_id is None:
            return
        amount = Decimal(str((view.get("deposit") or {}).get("amount") or "100")) + (0 if exact else Decimal(1))
        body = json.dumps({"offer_id": offer_id, "amount": str(amount), "currency": "CHF",
                           "reference": f"{thread_id}-pay-{reference}"}).encode()
        result = self.world.attempt(self.world.desk.payment_webhook, body, sign(PAYMENT_SECRET, body), PAYMENT_SECRET)
        if result is not None:
            self.remember(thread_id, result.reply)

    @precondition(lambda self: self.hours_moved < MAX_CLOCK_HOURS)
    @rule(hours=st.sampled_from(HOURS))
    def time_passes(self, hours: int) -> None:
        self.world.move_clock(hours)
        self.hours_moved += hours

    @rule()
    def jobs_run(self) -> None:
        self.world.run_jobs()

    @invariant()
    def desk_invariants_hold(self) -> None:
        for status in sorted({state.status for state in self.world.check()}):
            event(f"an event reached {status}")
