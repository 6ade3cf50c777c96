"""Step 5, the manager's side (docs/design.md §4.13): a counter approved with a discount sends a new offer version
at once, exactly once; without one (or rejected) the price stands; discount figures anywhere else are refused."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from venuedesk.clock import FrozenClock
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import InputError
from venuedesk.workflow.manager import task_view
from workflow_helpers import SENDER, at_offer_review, outbox_replies, row_counts, tasks_of

WORKED_EXAMPLE = ("Hi, we'd like Room B for a workshop with 30 people on 10 March 2026, 9 to 5, coffee break and "
                  "lunch for everyone and 2 wireless microphones.")


def _counter_on_worked_example(desk: Desk, thread_id: str) -> str:
    """The worked example (CHF 2,090.00) sent, then "10 % off?": returns the counter task id."""
    held = desk.handle_message(thread_id, WORKED_EXAMPLE, sender=SENDER)
    assert held.hil is not None
    desk.decide(held.hil.task_id, "approve")
    counter = desk.handle_message(thread_id, "Could you do 10 % off?")
    assert counter.hil is not None and counter.hil.type == "counter_offer", counter.body_markdown
    return counter.hil.task_id


def _discount_line(desk: Desk, thread_id: str) -> dict:
    return next(line for line in desk.event_view(thread_id)["offer"]["lines"] if line["kind"] == "discount")


def test_a_percentage_discount_sends_a_new_version_with_the_discount_line(desk: Desk, thread_id: str) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    sent = desk.decide(task_id, "approve", discount_percent=Decimal(10))
    offer = desk.event_view(thread_id)["offer"]
    assert (offer["version"], offer["status"], offer["total"], offer["vat"]) == (2, "Sent", 1881.0, 140.95)
    assert offer["deposit"]["amount"] == 564.3 and desk.event_view(thread_id)["deposit"]["amount"] == 564.3
    assert _discount_line(desk, thread_id) == {"kind": "discount", "ref": "discount", "label": "Discount",
                                               "quantity": 1, "unit_price": -209.0, "total": -209.0}
    assert "discount of 10 %" in sent.body_markdown and "1'881.00" in sent.body_markdown
    assert [a.args["offer_id"] for a in sent.actions if a.name == "accept_offer"] == [offer["offer_id"]]


def test_an_amount_discount_is_rounded_and_recomputes_vat_and_deposit(desk: Desk, thread_id: str) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    desk.decide(task_id, "approve", discount_amount=Decimal("150.02"))
    offer = desk.event_view(thread_id)["offer"]
    assert _discount_line(desk, thread_id)["total"] == -150.0
    assert (offer["total"], offer["vat"], offer["deposit"]["amount"]) == (1940.0, 145.35, 582.0)


def test_the_discounted_version_is_sent_without_a_second_task(desk: Desk, engine: Engine, thread_id: str) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    desk.decide(task_id, "approve", discount_percent=Decimal(10))
    assert desk.hil_open(thread_id) == 0 and desk.event_view(thread_id)["thread_state"] == "Awaiting Client"
    assert [t[1] for t in tasks_of(engine, thread_id)] == ["offer_approval", "counter_offer"]


def test_repeated_approval_with_a_discount_makes_one_version_and_one_message(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    first = desk.decide(task_id, "approve", discount_percent=Decimal(10))
    counts = row_counts(engine)
    assert desk.decide(task_id, "approve", discount_percent=Decimal(10)) == first
    desk.decide(task_id, "approve", discount_percent=Decimal(10), idempotency_key="other-click")
    assert row_counts(engine)["outbox"] == counts["outbox"]
    assert [o["version"] for o in desk.event_view(thread_id)["offers"]] == [1, 2]
    assert sum("discount of 10 %" in r["body_markdown"] for r in outbox_replies(engine, thread_id)) == 1


def test_approval_without_a_discount_tells_the_client_the_price_stands(desk: Desk, thread_id: str) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    sent = desk.decide(task_id, "approve")
    offer = desk.event_view(thread_id)["offer"]
    assert "stands" in sent.body_markdown and (offer["version"], offer["status"]) == (1, "Sent")
    assert {a.name for a in sent.actions} == {"accept_offer", "decline_offer"}


def test_a_rejection_sends_the_price_stands_with_the_managers_note(desk: Desk, thread_id: str) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    sent = desk.decide(task_id, "reject", note="March is our high season.")
    assert "stands" in sent.body_markdown and "March is our high season." in sent.body_markdown
    assert desk.event_view(thread_id)["offer"]["status"] == "Sent" and desk.hil_open(thread_id) == 0


def test_a_discount_on_an_offer_approval_task_is_refused_naming_the_fix(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    task_id = at_offer_review(desk, thread_id)
    counts = row_counts(engine)
    with pytest.raises(InputError, match="only be given when approving a counter task") as refused:
        desk.decide(task_id, "approve", discount_percent=Decimal(10))
    assert refused.value.field == "discount_percent" and row_counts(engine) == counts
    assert desk.open_tasks(thread_id)[0]["task_id"] == task_id


def test_a_discount_with_a_rejection_is_refused(desk: Desk, thread_id: str) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    with pytest.raises(InputError, match="only with approve"):
        desk.decide(task_id, "reject", note="no", discount_amount=Decimal(100))
    assert desk.hil_open(thread_id) == 1


@pytest.mark.parametrize(("percent", "amount", "field"), [
    (Decimal(0), None, "discount_percent"), (Decimal(51), None, "discount_percent"),
    (None, Decimal(0), "discount_amount"), (Decimal(10), Decimal(100), "discount_percent"),
])
def test_discount_figures_out_of_range_are_refused(
    desk: Desk, thread_id: str, percent: Decimal | None, amount: Decimal | None, field: str
) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    with pytest.raises(InputError) as refused:
        desk.decide(task_id, "approve", discount_percent=percent, discount_amount=amount)
    assert refused.value.field == field and desk.hil_open(thread_id) == 1


def test_a_discount_reaching_the_total_is_refused_and_changes_nothing(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    counts = row_counts(engine)
    with pytest.raises(InputError, match="not below the offer total CHF 2090.00") as refused:
        desk.decide(task_id, "approve", discount_amount=Decimal(2090))
    assert refused.value.field == "discount_amount" and row_counts(engine) == counts
    assert desk.event_view(thread_id)["offer"]["version"] == 1 and desk.hil_open(thread_id) == 1


def test_a_counter_on_an_offer_replaced_meanwhile_is_closed_and_sends_nothing(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    desk.handle_message(thread_id, "Actually we will be 25 people.")
    sent_before = len(outbox_replies(engine, thread_id))
    reply = desk.decide(task_id, "approve", discount_percent=Decimal(10))
    assert reply.hil is not None and reply.hil.status == "superseded" and reply.agent == "manager"
    assert len(outbox_replies(engine, thread_id)) == sent_before
    assert [o["status"] for o in desk.event_view(thread_id)["offers"]] == ["Superseded", "Draft"]


def test_the_counter_task_tells_the_manager_what_was_asked(desk: Desk, thread_id: str) -> None:
    _counter_on_worked_example(desk, thread_id)
    task = desk.open_tasks(thread_id)[0]
    assert task["type"] == "counter_offer" and "asks 10 % off" in task["reason"]


def test_a_german_manager_reads_the_counter_task_in_german(desk: Desk, thread_id: str) -> None:
    _counter_on_worked_example(desk, thread_id)
    with desk.uow() as uow:
        (row,) = uow.hil.open_for_thread(thread_id)
        reason = task_view(row, "de")["reason"]
    assert "Gegenangebot 1 von 3 zu Angebot evt_thr-1-v1 V1 (CHF 2'090.00): wünscht 10 % Rabatt" in reason
    assert "asks" not in reason and "Counter" not in reason


def test_an_edited_answer_to_a_counter_sends_the_managers_words_and_keeps_the_price(desk: Desk, thread_id: str) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    sent = desk.decide(task_id, "edit", text="Dear Anna, CHF 2,090.00 is already our best price for March.")
    assert sent.body_markdown.startswith("Dear Anna") and {a.name for a in sent.actions} == {"accept_offer", "decline_offer"}
    assert desk.event_view(thread_id)["offer"]["version"] == 1


def test_an_edited_answer_naming_another_price_is_refused(desk: Desk, thread_id: str) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    with pytest.raises(InputError):
        desk.decide(task_id, "edit", text="We can do CHF 1,800.00 for you.")
    assert desk.hil_open(thread_id) == 1


def test_a_counter_limit_task_may_still_be_approved_with_a_discount(desk: Desk, thread_id: str) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    for ask in ("Could you do CHF 1,800 flat?", "Is there any flexibility on the price?", "Geht es günstiger?"):
        desk.decide(task_id, "reject", note="No.")
        task_id = desk.handle_message(thread_id, ask).hil.task_id  # type: ignore[union-attr]
    assert desk.open_tasks(thread_id)[0]["type"] == "counter_limit"
    desk.decide(task_id, "approve", discount_amount=Decimal(90))
    assert desk.event_view(thread_id)["offer"]["total"] == 2000.0


def test_a_discount_approved_after_the_option_lapsed_is_not_sent_and_the_room_step_follows(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    task_id = _counter_on_worked_example(desk, thread_id)
    clock.set(clock.now() + timedelta(days=8))
    reply = desk.decide(task_id, "approve", discount_percent=Decimal(10))
    event = desk.event_view(thread_id)
    assert reply.agent == "manager" and event["current_step"] == 3 and event["offer"] is None
    assert not any("discount of 10 %" in r["body_markdown"] for r in outbox_replies(engine, thread_id))
    assert "has expired" in outbox_replies(engine, thread_id)[-1]["body_markdown"]
