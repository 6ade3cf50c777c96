"""HIL integrity (docs/design.md §4.8, §4.13 Holds): a decision never sends a superseded offer or an offer whose hold
has lapsed, and a thread stays `Waiting on HIL` while any of its tasks is open."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from venuedesk.clock import FrozenClock
from venuedesk.store.models import HilTaskRow
from venuedesk.workflow.desk import Desk
from workflow_helpers import at_offer_review, bookings_of, outbox_replies, tasks_of


def _review_then_change(desk: Desk, thread_id: str) -> tuple[str, str]:
    """Offer v1 approved and sent, the client writes something for the team (a review task), then changes the
    headcount (v2 task)."""
    desk.decide(at_offer_review(desk, thread_id), "approve")
    review = desk.handle_message(thread_id, "Thanks, we need to discuss the budget internally and will come back.")
    assert review.hil is not None and review.hil.type == "manual_review", review.body_markdown
    changed = desk.handle_message(thread_id, "Actually we will be 25 people.")
    assert changed.hil is not None and changed.hil.type == "offer_approval", changed.body_markdown
    return review.hil.task_id, changed.hil.task_id


def _offer_bodies(engine: Engine, thread_id: str) -> list[str]:
    return [r["body_markdown"] for r in outbox_replies(engine, thread_id) if "**Total: CHF" in r["body_markdown"]]


def test_deciding_one_of_two_open_tasks_leaves_the_thread_waiting_on_hil(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    review_id, offer_task_id = _review_then_change(desk, thread_id)
    reply = desk.decide(review_id, "approve")
    assert reply.footer.state == "Waiting on HIL"
    assert desk.event_view(thread_id)["thread_state"] == "Waiting on HIL"
    assert [t["task_id"] for t in desk.open_tasks(thread_id)] == [offer_task_id]


def test_the_last_open_task_decided_lets_the_thread_await_the_client(desk: Desk, thread_id: str) -> None:
    review_id, offer_task_id = _review_then_change(desk, thread_id)
    desk.decide(review_id, "approve")
    assert desk.decide(offer_task_id, "approve").footer.state == "Awaiting Client"
    assert desk.event_view(thread_id)["thread_state"] == "Awaiting Client"


def test_approving_an_older_offer_task_after_a_change_sends_nothing(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    review_id, v2_task = _review_then_change(desk, thread_id)
    desk.decide(review_id, "approve")
    v3 = desk.handle_message(thread_id, "Sorry, make that 28 people.")
    assert v3.hil is not None and v3.hil.task_id != v2_task
    sent_before = _offer_bodies(engine, thread_id)
    reply = desk.decide(v2_task, "approve")
    assert _offer_bodies(engine, thread_id) == sent_before
    assert reply.hil is not None and reply.hil.status == "superseded"
    assert (v2_task, "offer_approval", "superseded") in tasks_of(engine, thread_id)
    assert desk.event_view(thread_id)["offer"]["version"] == 3
    assert desk.event_view(thread_id)["thread_state"] == "Waiting on HIL"


def _offer_task_whose_version_is_no_longer_live(desk: Desk, thread_id: str) -> str:
    """A v1 task left open while v2 is drafted (as an older build left them): the task the manager may still see."""
    v1_task = at_offer_review(desk, thread_id)
    with desk.uow() as uow:
        uow.hil.decide(v1_task, "superseded", None, "test", desk.clock.now())
        uow.commit()
    desk.handle_message(thread_id, "Actually we will be 25 people.")
    with desk.uow() as uow:
        uow.session.get(HilTaskRow, v1_task).status = "open"
        uow.commit()
    return v1_task


def test_a_task_whose_offer_version_is_not_live_is_closed_as_superseded_and_sends_nothing(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    v1_task = _offer_task_whose_version_is_no_longer_live(desk, thread_id)
    reply = desk.decide(v1_task, "approve")
    assert _offer_bodies(engine, thread_id) == []
    assert reply.hil is not None and reply.hil.status == "superseded"
    assert "v2" in reply.body_markdown or "version 2" in reply.body_markdown
    assert (v1_task, "offer_approval", "superseded") in tasks_of(engine, thread_id)
    assert desk.event_view(thread_id)["thread_state"] == "Waiting on HIL"
    assert desk.event_view(thread_id)["offer"]["status"] == "Draft"


def test_a_repeated_approval_after_a_superseded_close_returns_the_same_reply(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    v1_task = _offer_task_whose_version_is_no_longer_live(desk, thread_id)
    first = desk.decide(v1_task, "approve")
    assert desk.decide(v1_task, "approve") == first
    assert _offer_bodies(engine, thread_id) == []


def _lapse_and_take(desk: Desk, clock: FrozenClock, first: str) -> tuple[str, str]:
    """The first client's hold on Room B lapses; a second client holds Room B for the same day and window."""
    first_task = at_offer_review(desk, first)
    clock.advance(timedelta(days=7, minutes=1))
    second = desk.open_thread(thread_id="thr-2").thread_id
    return first_task, at_offer_review(desk, second)


def test_approving_an_offer_whose_room_another_event_now_holds_sends_nothing(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    first_task, _ = _lapse_and_take(desk, clock, thread_id)
    sent_before = outbox_replies(engine, thread_id)
    reply = desk.decide(first_task, "approve")
    assert _offer_bodies(engine, thread_id) == []
    assert reply.hil is not None and reply.hil.status == "superseded"
    assert "Room B" in reply.body_markdown
    assert (first_task, "offer_approval", "superseded") in tasks_of(engine, thread_id)
    assert len(outbox_replies(engine, thread_id)) == len(sent_before) + 1


def test_an_offer_whose_hold_lapsed_returns_the_event_to_the_room_step_and_tells_the_client(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    first_task, _ = _lapse_and_take(desk, clock, thread_id)
    desk.decide(first_task, "approve")
    event = desk.event_view(thread_id)
    assert (event["current_step"], event["status"], event["locked_room_id"]) == (3, "Lead", None)
    assert event["thread_state"] == "Awaiting Client"
    told = outbox_replies(engine, thread_id)[-1]
    assert "Room B" in told["body_markdown"] and "no longer" in told["body_markdown"]
    assert told["footer"]["step"] == 3


def test_the_second_clients_offer_is_approvable_and_keeps_the_room(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    first_task, second_task = _lapse_and_take(desk, clock, thread_id)
    desk.decide(first_task, "approve")
    sent = desk.decide(second_task, "approve")
    assert sent.table_blocks and sent.footer.step == 5
    assert [b[0] for b in bookings_of(engine, "room-b")] == [desk.event_view("thr-2")["event_id"]]


def test_an_offer_whose_hold_lapsed_unclaimed_is_not_sent_either(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    task_id = at_offer_review(desk, thread_id)
    clock.advance(timedelta(days=7, minutes=1))
    reply = desk.decide(task_id, "approve")
    assert _offer_bodies(engine, thread_id) == []
    assert reply.hil is not None and reply.hil.status == "superseded"
    assert desk.event_view(thread_id)["locked_room_id"] is None
    assert bookings_of(engine, "room-b") == []


def test_an_offer_whose_hold_is_live_is_sent_as_before(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    task_id = at_offer_review(desk, thread_id)
    clock.advance(timedelta(days=6, hours=23))
    assert desk.decide(task_id, "approve").footer.step == 5
    assert len(_offer_bodies(engine, thread_id)) == 1


def test_a_repeated_approval_after_a_lapsed_hold_tells_the_client_once(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    first_task, _ = _lapse_and_take(desk, clock, thread_id)
    first = desk.decide(first_task, "approve")
    told = len(outbox_replies(engine, thread_id))
    assert desk.decide(first_task, "approve") == first
    assert len(outbox_replies(engine, thread_id)) == told


def test_the_manager_is_told_about_a_lapsed_hold_in_their_language(
    desk: Desk, clock: FrozenClock, thread_id: str
) -> None:
    task_id = at_offer_review(desk, thread_id)
    clock.advance(timedelta(days=7, minutes=1))
    reply = desk.decide(task_id, "approve", language="de")
    assert reply.body_markdown.startswith("Nichts wurde gesendet: Die Option auf Raum B")
