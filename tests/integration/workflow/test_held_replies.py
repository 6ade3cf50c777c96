"""`general: review` (docs/design.md §4.13 Autonomy): the desk's ordinary replies wait for a manager in a
`reply_approval` task; the client hears at once that the team will get back to them, and gets the reply only on
approval (once), the manager's wording on edit, nothing on reject."""

from __future__ import annotations

from sqlalchemy import Engine

from venuedesk.workflow.desk import Desk
from venuedesk.workflow.manager import task_view
from workflow_helpers import INQUIRY, SENDER, at_room_step, outbox_replies, tasks_of

HOLDING = "Our team is looking into your request and will get back to you shortly."


def _reviewing(desk: Desk) -> None:
    desk.set_autonomy({"general": "review"})


def _held_task(desk: Desk, thread_id: str) -> dict:
    (task,) = [task for task in desk.open_tasks(thread_id) if task["type"] == "reply_approval"]
    return task


def test_under_general_review_the_reply_is_held_and_the_client_is_told_the_team_will_answer(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    _reviewing(desk)
    reply = desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    assert HOLDING in reply.body_markdown and reply.table_blocks == [] and reply.actions == []
    assert reply.footer.state == "Waiting on HIL" and reply.hil is not None and reply.hil.type == "reply_approval"
    assert [body["body_markdown"] for body in outbox_replies(engine, thread_id)] == [reply.body_markdown]


def test_the_held_draft_keeps_the_reply_with_its_tables_and_buttons(desk: Desk, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    draft = _held_task(desk, thread_id)["draft"]
    assert "is confirmed" in draft["body_markdown"] and draft["table_blocks"][0]["title"] == "Rooms"
    assert {row_action["name"] for row_action in draft["table_blocks"][0]["row_actions"]} == {"select_room"}


def test_approving_sends_the_held_reply_once(desk: Desk, engine: Engine, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    task_id = _held_task(desk, thread_id)["task_id"]
    sent = desk.decide(task_id, "approve")
    again = desk.decide(task_id, "approve")
    bodies = [body["body_markdown"] for body in outbox_replies(engine, thread_id)]
    assert bodies.count(sent.body_markdown) == 1 and len(bodies) == 2
    assert again == sent
    assert sent.footer.state == "Awaiting Client" and sent.footer.step == 3 and sent.table_blocks


def test_a_second_approval_click_after_a_refresh_sends_nothing(desk: Desk, engine: Engine, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    task_id = _held_task(desk, thread_id)["task_id"]
    desk.decide(task_id, "approve", idempotency_key="click-1")
    notice = desk.decide(task_id, "approve", idempotency_key="click-2")
    assert notice.agent == "manager" and len(outbox_replies(engine, thread_id)) == 2


def test_an_approved_reply_is_audited_as_sent_after_review(desk: Desk, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    sent = desk.decide(_held_task(desk, thread_id)["task_id"], "approve")
    reviews = [entry["detail"] for entry in desk.event_view(thread_id)["audit"] if entry["kind"] == "message"]
    assert reviews[-1] == {"turn_id": sent.turn_id, "agent": sent.agent, "review": "approved"}


def test_an_edit_sends_the_managers_text_instead(desk: Desk, engine: Engine, thread_id: str) -> None:
    _reviewing(desk)
    at_room_step_held = desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    assert at_room_step_held.hil is not None
    desk.decide(at_room_step_held.hil.task_id, "approve")
    desk.handle_message(thread_id, "Is parking available?")
    sent = desk.decide(_held_task(desk, thread_id)["task_id"], "edit", text="Yes: 12 spaces at the house.")
    assert sent.body_markdown == "Yes: 12 spaces at the house."
    assert outbox_replies(engine, thread_id)[-1]["body_markdown"] == "Yes: 12 spaces at the house."


def test_a_rejection_sends_nothing_and_frees_the_thread(desk: Desk, engine: Engine, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    notice = desk.decide(_held_task(desk, thread_id)["task_id"], "reject", note="I will call them.")
    assert notice.agent == "manager" and "not sent anything" in notice.body_markdown
    assert len(outbox_replies(engine, thread_id)) == 1
    assert desk.event_view(thread_id)["thread_state"] == "Awaiting Client"


def test_a_turn_that_opens_its_own_task_is_not_held_twice(desk: Desk, engine: Engine, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    _reviewing(desk)
    reply = desk.handle_message(thread_id, "Room B please, no catering")
    assert reply.hil is not None and reply.hil.type == "offer_approval"
    assert "Your offer (version 1) is ready" in reply.body_markdown
    assert [task_type for _, task_type, _ in tasks_of(engine, thread_id)] == ["offer_approval"]


def test_the_holding_reply_while_an_offer_waits_is_sent_at_once(desk: Desk, engine: Engine, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    _reviewing(desk)
    desk.handle_message(thread_id, "Room B please, no catering")
    reply = desk.handle_message(thread_id, "Thanks, looking forward to it!")
    assert reply.hil is None or reply.hil.type != "reply_approval"
    assert [task_type for _, task_type, _ in tasks_of(engine, thread_id)] == ["offer_approval"]


def test_a_held_reply_does_not_stop_the_next_message_from_being_handled(desk: Desk, engine: Engine,
                                                                        thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    reply = desk.handle_message(thread_id, "Room B please, no catering")
    assert reply.hil is not None and reply.hil.type == "offer_approval"
    assert desk.event_view(thread_id)["offer"]["status"] == "Draft"
    assert sorted(task_type for _, task_type, _ in tasks_of(engine, thread_id)) == ["offer_approval",
                                                                                    "reply_approval"]


def test_under_the_default_general_auto_the_reply_is_sent_at_once(desk: Desk, engine: Engine,
                                                                  thread_id: str) -> None:
    reply = desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    assert reply.hil is None and reply.table_blocks and tasks_of(engine, thread_id) == []


def test_the_task_tells_a_german_manager_why_it_waits(desk: Desk, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    with desk.uow() as uow:
        (row,) = uow.hil.open_for_thread(thread_id)
        view = task_view(row, "de")
    assert view["type"] == "reply_approval" and view["draft"]["body_markdown"]
    assert view["reason"].startswith("Der Betrieb prüft die Antworten des Desks, bevor der Kunde sie sieht")


def test_at_step_six_a_question_for_the_team_opens_its_own_task_even_while_a_reply_is_held(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    at_room_step(desk, thread_id)
    reply = desk.handle_message(thread_id, "Room B please, no catering")
    assert reply.hil is not None
    desk.decide(reply.hil.task_id, "approve")
    _reviewing(desk)
    desk.handle_message(thread_id, "Agreed, we'll take it.")
    desk.handle_message(thread_id, "Could your florist put sunflowers on the tables?")
    types = sorted(task_type for _, task_type, status in tasks_of(engine, thread_id) if status == "open")
    assert types == ["manual_review", "reply_approval"]


VAGUE = "Hi, we'd like a workshop for 30 people on a Tuesday in June, 9 to 5."


def test_a_short_answer_after_a_held_reply_does_not_pick_from_the_unsent_draft(desk: Desk, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, VAGUE, sender=SENDER)
    desk.handle_message(thread_id, "the second one please")
    event = desk.event_view(thread_id)
    assert event is not None and event["chosen_date"] is None


def test_a_short_answer_after_the_approved_draft_picks_from_its_dates(desk: Desk, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, VAGUE, sender=SENDER)
    desk.decide(_held_task(desk, thread_id)["task_id"], "approve")
    desk.handle_message(thread_id, "the second one please")
    event = desk.event_view(thread_id)
    assert event is not None and (event["chosen_date"], event["date_confirmed"]) == ("2026-06-09", True)


def test_an_edited_draft_shows_its_tables_so_a_short_answer_picks_from_them(desk: Desk, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, VAGUE, sender=SENDER)
    desk.decide(_held_task(desk, thread_id)["task_id"], "edit", text="Here are Tuesdays in June that are free.")
    desk.handle_message(thread_id, "the second one please")
    event = desk.event_view(thread_id)
    assert event is not None and event["chosen_date"] == "2026-06-09"


def test_a_short_answer_after_a_held_room_table_picks_no_room(desk: Desk, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    desk.handle_message(thread_id, "the second one please")
    event = desk.event_view(thread_id)
    assert event is not None and event["locked_room_id"] is None


def test_a_short_answer_after_the_approved_room_table_picks_its_second_room(desk: Desk, thread_id: str) -> None:
    _reviewing(desk)
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    task = _held_task(desk, thread_id)
    second = task["draft"]["table_blocks"][0]["row_actions"][1]["args"]["room_id"]
    desk.decide(task["task_id"], "approve")
    desk.handle_message(thread_id, "the second one please")
    event = desk.event_view(thread_id)
    assert event is not None and event["locked_room_id"] == second
