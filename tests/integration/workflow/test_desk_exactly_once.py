"""Exactly once (docs/design.md §3, 4.6, 4.8, 4.11): redeliveries, double clicks, double decisions and races
change the booking at most once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, func, select

from venuedesk.store.models import InboxRow
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Reply
from workflow_helpers import (
    DAY,
    INQUIRY,
    SENDER,
    at_offer_review,
    at_room_step,
    bookings_of,
    outbox_replies,
    row_counts,
    snapshot,
    tasks_of,
)


def _race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls on their own OS threads, released together by a barrier; exceptions are returned."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[index] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racing call never finished"
    return results


def _inbox_rows(engine: Engine, thread_id: str, key: str) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(func.count())
            .select_from(InboxRow)
            .where(InboxRow.thread_id == thread_id, InboxRow.idem_key == key)
        ).scalar_one()


def test_redelivered_message_returns_the_stored_reply_and_changes_nothing(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    first = desk.handle_message(thread_id, INQUIRY, sender=SENDER, idempotency_key="mail-1")
    before = snapshot(desk, engine, thread_id)

    again = desk.handle_message(thread_id, INQUIRY, sender=SENDER, idempotency_key="mail-1")

    assert again == first
    assert snapshot(desk, engine, thread_id) == before


def test_redelivered_message_after_later_turns_still_returns_its_own_reply(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    first = desk.handle_message(thread_id, INQUIRY, sender=SENDER, idempotency_key="mail-1")
    desk.handle_action(thread_id, "select_room", {"room_id": "room-b"})
    before = snapshot(desk, engine, thread_id)

    again = desk.handle_message(thread_id, INQUIRY, sender=SENDER, idempotency_key="mail-1")

    assert again == first
    assert snapshot(desk, engine, thread_id) == before


def test_double_clicked_action_with_the_same_key_runs_once(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    at_room_step(desk, thread_id)
    first = desk.handle_action(thread_id, "select_room", {"room_id": "room-b"}, idempotency_key="click-1")
    before = snapshot(desk, engine, thread_id)

    again = desk.handle_action(thread_id, "select_room", {"room_id": "room-b"}, idempotency_key="click-1")

    assert again == first
    assert snapshot(desk, engine, thread_id) == before
    assert len(bookings_of(engine, "room-b")) == 1


def test_the_same_key_from_two_os_threads_at_once_makes_one_turn(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    before = row_counts(engine)

    replies = _race([
        lambda: desk.handle_message(thread_id, INQUIRY, sender=SENDER, idempotency_key="mail-1"),
        lambda: desk.handle_message(thread_id, INQUIRY, sender=SENDER, idempotency_key="mail-1"),
    ])

    assert all(isinstance(reply, Reply) for reply in replies), replies
    assert replies[0] == replies[1]
    after = row_counts(engine)
    assert _inbox_rows(engine, thread_id, "client:mail-1") == 1
    assert after["outbox"] - before["outbox"] == 1
    assert after["messages"] - before["messages"] == 2
    assert after["events"] - before["events"] == 1
    assert desk.event_view(thread_id)["current_step"] == 3
    assert len(outbox_replies(engine, thread_id)) == 1


def test_approving_twice_sends_the_offer_once(desk: Desk, engine: Engine, thread_id: str) -> None:
    task_id = at_offer_review(desk, thread_id)

    approved = desk.decide(task_id, "approve")
    again = desk.decide(task_id, "approve")
    from_elsewhere = desk.decide(task_id, "approve", idempotency_key="second-device")

    assert again == approved
    assert "750.00" in approved.body_markdown
    assert "already decided" in from_elsewhere.body_markdown
    offers_sent = [r for r in outbox_replies(engine, thread_id) if "750.00" in r["body_markdown"]]
    assert len(offers_sent) == 1
    assert desk.event_view(thread_id)["offer"]["status"] == "Sent"
    assert desk.hil_open(thread_id) == 0


def test_reject_after_approve_is_a_no_op(desk: Desk, engine: Engine, thread_id: str) -> None:
    task_id = at_offer_review(desk, thread_id)
    desk.decide(task_id, "approve")
    before = snapshot(desk, engine, thread_id)

    reply = desk.decide(task_id, "reject", note="too cheap")

    assert "already decided" in reply.body_markdown
    assert reply.hil is not None and reply.hil.status == "approved"
    assert snapshot(desk, engine, thread_id) == before
    assert tasks_of(engine, thread_id) == [(task_id, "offer_approval", "approved")]


def test_two_threads_racing_for_one_room_get_one_hold(desk: Desk, engine: Engine) -> None:
    first = desk.open_thread(thread_id="thr-a").thread_id
    second = desk.open_thread(thread_id="thr-b").thread_id
    at_room_step(desk, first)
    at_room_step(desk, second)

    replies = _race([
        lambda: desk.handle_action(first, "select_room", {"room_id": "room-b"}),
        lambda: desk.handle_action(second, "select_room", {"room_id": "room-b"}),
    ])

    assert all(isinstance(reply, Reply) for reply in replies), replies
    holders = [t for t in (first, second) if desk.event_view(t)["locked_room_id"] == "room-b"]
    assert len(holders) == 1
    loser_reply = replies[1] if holders == [first] else replies[0]
    loser = second if holders == [first] else first
    assert desk.event_view(loser)["locked_room_id"] is None
    assert loser_reply.footer.step == 3
    assert "Room B is" in loser_reply.body_markdown
    assert any(word in loser_reply.body_markdown for word in ("on option", "already booked"))
    bookings = bookings_of(engine, "room-b")
    assert len(bookings) == 1
    assert bookings[0][1] == DAY


def test_a_client_key_shaped_like_a_generated_one_does_not_block_later_turns(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    """BUG: keyless turns are stored under `turn-{N}` in the same namespace as client keys
    (src/venuedesk/workflow/desk.py `_client_turn`, the `inbox.put(thread_id, key or f"{turn_id}", ...)` line),
    so a client key "turn-2" wedges every later keyless turn with DuplicateInboxKey."""
    desk.handle_message(thread_id, INQUIRY, sender=SENDER, idempotency_key="turn-2")

    reply = desk.handle_action(thread_id, "select_room", {"room_id": "room-b"})

    assert reply.footer.step == 4
    assert desk.event_view(thread_id)["locked_room_id"] == "room-b"


def test_a_client_message_key_cannot_pre_empt_the_managers_decision(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    """BUG: a decision's default key `hil:{task}:{decision}` shares the thread inbox with client keys
    (src/venuedesk/workflow/manager.py:47-50), so a client message stored under it makes the approval a
    silent no-op that returns the client's reply (task ids are predictable: `{thread}-hil-{n}`)."""
    task_id = at_offer_review(desk, thread_id)
    desk.handle_message(thread_id, "hello again", idempotency_key=f"hil:{task_id}:approve")

    approved = desk.decide(task_id, "approve")

    assert approved.footer.step == 5
    assert "750.00" in approved.body_markdown
    assert desk.event_view(thread_id)["offer"]["status"] == "Sent"
    assert desk.hil_open(thread_id) == 0
