"""Bad input loses nothing (docs/design.md §4.9, 4.10, 4.12): each refusal names the field or value and what
to do, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from venuedesk.workflow.actions import ActionError
from venuedesk.workflow.desk import MAX_MESSAGE_CHARS, Desk
from venuedesk.workflow.errors import DecisionError, InputError, UnknownTask, UnknownThread
from workflow_helpers import INQUIRY, SENDER, at_offer_review, at_room_step, snapshot


@pytest.fixture
def started(desk: Desk, thread_id: str) -> str:
    """A thread at the room step, so there is an event that must stay as it is."""
    at_room_step(desk, thread_id)
    return thread_id


def _refused(desk: Desk, engine: Engine, thread_id: str, error: type[Exception], call: Any) -> str:
    """Run the call, expect `error`, check nothing changed; returns the message."""
    before = snapshot(desk, engine, thread_id)
    with pytest.raises(error) as caught:
        call()
    assert snapshot(desk, engine, thread_id) == before
    return str(caught.value)


def test_empty_message_is_refused_and_says_what_to_write(desk: Desk, engine: Engine, started: str) -> None:
    message = _refused(desk, engine, started, InputError, lambda: desk.handle_message(started, "   \n"))
    assert message.startswith("text: ")
    assert "empty" in message and "write what you need" in message


def test_message_over_the_size_limit_is_refused_with_its_length_and_the_limit(
    desk: Desk, engine: Engine, started: str
) -> None:
    too_long = "x" * (MAX_MESSAGE_CHARS + 1)
    message = _refused(desk, engine, started, InputError, lambda: desk.handle_message(started, too_long))
    assert message.startswith("text: ")
    assert f"{MAX_MESSAGE_CHARS + 1} characters" in message and f"limit is {MAX_MESSAGE_CHARS}" in message


def test_message_of_exactly_the_size_limit_is_accepted(desk: Desk, engine: Engine, started: str) -> None:
    reply = desk.handle_message(started, "a" * MAX_MESSAGE_CHARS)
    assert reply.footer_text.startswith("Step: ")


def test_message_to_an_unknown_thread_is_refused_and_says_to_open_one(
    desk: Desk, engine: Engine, started: str
) -> None:
    message = _refused(desk, engine, started, UnknownThread,
                       lambda: desk.handle_message("thr-missing", INQUIRY, sender=SENDER))
    assert "'thr-missing'" in message and "open a thread first" in message


def test_action_on_an_unknown_thread_is_refused(desk: Desk, engine: Engine, started: str) -> None:
    message = _refused(desk, engine, started, UnknownThread,
                       lambda: desk.handle_action("thr-missing", "select_date", {"date": "2026-03-10"}))
    assert "'thr-missing'" in message


def test_unknown_action_is_refused_and_lists_the_known_ones(desk: Desk, engine: Engine, started: str) -> None:
    message = _refused(desk, engine, started, ActionError, lambda: desk.handle_action(started, "book_it", {}))
    assert "'book_it'" in message
    assert "known actions:" in message and "select_date" in message and "select_room" in message


def test_action_error_is_an_input_error() -> None:
    assert issubclass(ActionError, InputError)


@pytest.mark.parametrize("bad_date", ["31.02.", "2026-02-31"])
def test_select_date_with_an_invalid_date_is_refused_naming_the_field(
    desk: Desk, engine: Engine, started: str, bad_date: str
) -> None:
    message = _refused(desk, engine, started, ActionError,
                       lambda: desk.handle_action(started, "select_date", {"date": bad_date}))
    assert "'select_date'" in message
    assert "date: " in message and "valid date" in message


def test_select_date_without_its_argument_is_refused_naming_the_missing_field(
    desk: Desk, engine: Engine, started: str
) -> None:
    message = _refused(desk, engine, started, ActionError,
                       lambda: desk.handle_action(started, "select_date", {}))
    assert "date: Field required" in message


def test_action_with_an_unexpected_argument_is_refused_naming_it(
    desk: Desk, engine: Engine, started: str
) -> None:
    message = _refused(desk, engine, started, ActionError,
                       lambda: desk.handle_action(started, "select_room", {"room_id": "room-b", "price": 0}))
    assert "price" in message and "not permitted" in message


def test_select_room_with_an_unknown_room_is_refused_naming_the_room(
    desk: Desk, engine: Engine, started: str
) -> None:
    message = _refused(desk, engine, started, ActionError,
                       lambda: desk.handle_action(started, "select_room", {"room_id": "room-z"}))
    assert message.startswith("room_id: ")
    assert "'room-z'" in message


def test_select_room_with_an_unknown_room_lists_the_known_rooms(
    desk: Desk, engine: Engine, started: str
) -> None:
    """BUG: the message names the room but not what to do (unlike an unknown action, which lists the known
    ones); src/venuedesk/workflow/actions.py:99-101 `_known`."""
    message = _refused(desk, engine, started, ActionError,
                       lambda: desk.handle_action(started, "select_room", {"room_id": "room-z"}))
    assert "room-a" in message and "room-b" in message


def test_unknown_room_on_a_first_action_creates_no_event(desk: Desk, engine: Engine, thread_id: str) -> None:
    _refused(desk, engine, thread_id, ActionError,
             lambda: desk.handle_action(thread_id, "select_room", {"room_id": "room-z"}))
    assert desk.event_view(thread_id) is None


def test_decision_on_an_unknown_task_is_refused_and_says_how_to_find_open_tasks(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    at_offer_review(desk, thread_id)
    message = _refused(desk, engine, thread_id, UnknownTask, lambda: desk.decide("task-missing", "approve"))
    assert "'task-missing'" in message and "open tasks" in message


def test_unknown_decision_is_refused_and_lists_the_decisions(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    task_id = at_offer_review(desk, thread_id)
    message = _refused(desk, engine, thread_id, DecisionError, lambda: desk.decide(task_id, "maybe"))
    assert "'maybe'" in message and "approve, edit or reject" in message
    assert desk.hil_open(thread_id) == 1


@pytest.mark.parametrize("text", [None, "   "])
def test_edit_without_text_is_refused_and_says_to_pass_the_text(
    desk: Desk, engine: Engine, thread_id: str, text: str | None
) -> None:
    task_id = at_offer_review(desk, thread_id)
    message = _refused(desk, engine, thread_id, DecisionError,
                       lambda: desk.decide(task_id, "edit", text=text))
    assert "edit needs the text" in message and "`text`" in message
    assert desk.hil_open(thread_id) == 1


def test_over_long_idempotency_key_is_refused_naming_the_header(
    desk: Desk, engine: Engine, started: str
) -> None:
    message = _refused(desk, engine, started, InputError,
                       lambda: desk.handle_message(started, "hello", idempotency_key="k" * 201))
    assert "Idempotency-Key" in message and "200" in message


def test_over_long_idempotency_key_on_a_decision_is_refused_like_on_a_message(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    """BUG: `decide` does not check the key length (src/venuedesk/workflow/manager.py:47): SQLite stores
    it, PostgreSQL fails with a raw DataError (inbox.idem_key is VARCHAR(200))."""
    task_id = at_offer_review(desk, thread_id)
    message = _refused(desk, engine, thread_id, InputError,
                       lambda: desk.decide(task_id, "approve", idempotency_key="k" * 201))
    assert "Idempotency-Key" in message and "200" in message
    assert desk.hil_open(thread_id) == 1


def test_after_a_refusal_the_same_thread_goes_on_normally(desk: Desk, engine: Engine, started: str) -> None:
    with pytest.raises(ActionError):
        desk.handle_action(started, "select_room", {"room_id": "room-z"})
    reply = desk.handle_action(started, "select_room", {"room_id": "room-b"})
    assert reply.footer.step == 4
    assert desk.event_view(started)["locked_room_id"] == "room-b"


@pytest.mark.parametrize(("text", "sender", "field"), [
    ("Anna Muster\x00, 30 people", None, "text"),
    ("30 people in March", "anna\x00@example.com", "from"),
    ("caf\ud800 for 30", None, "text"),
])
def test_message_text_or_sender_no_database_can_store_is_refused_by_field(
    desk: Desk, engine: Engine, started: str, text: str, sender: str | None, field: str
) -> None:
    message = _refused(desk, engine, started, InputError,
                       lambda: desk.handle_message(started, text, sender=sender))
    assert message.startswith(f"{field}: ") and ("NUL character" in message or "lone surrogate" in message)


def test_action_arguments_holding_a_nul_are_refused(desk: Desk, engine: Engine, started: str) -> None:
    message = _refused(desk, engine, started, InputError,
                       lambda: desk.handle_action(started, "select_room", {"room_id": "room-b\x00"}))
    assert message == "args: contains a NUL character; remove it"


def test_a_decision_note_holding_a_nul_is_refused(desk: Desk, engine: Engine, started: str) -> None:
    message = _refused(desk, engine, started, InputError,
                       lambda: desk.decide("hil_any", "reject", note="no\x00"))
    assert message == "note: contains a NUL character; remove it"
