"""Any failure inside a turn (the engine, a tool, the understanding): the client's message and the facts it
gave are kept, the partial work is rolled back, the venue's team gets one task, the reply has no internal
words, and the next message works."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, select

from venuedesk.clock import FrozenClock
from venuedesk.store.models import MessageRow
from venuedesk.tools.executor import RetryPolicy, ToolExecutor
from venuedesk.tools.registry import booking_tools
from venuedesk.workflow import desk as desk_module
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.turn import Turn
from workflow_helpers import FOOTER_PATTERN, SENDER, at_room_step, bookings_of, row_counts, tasks_of

INTERNAL_WORDS = re.compile(
    r"Error|Exception|Traceback|boom|KeyError|tool|logged|failed on this request|internal|manual_review", re.I
)
SECRET = "boom: KeyError('room-b') in the engine"


def _conversation(engine: Engine, thread_id: str) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(MessageRow.role, MessageRow.text)
            .where(MessageRow.thread_id == thread_id)
            .order_by(MessageRow.seq)
        )
        return [(row.role, row.text) for row in rows]


@pytest.fixture
def broken_engine(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make the engine do its real work (holds, tool calls, step moves) and then raise, once."""
    real = desk_module.run_client_turn
    armed = {"on": False}

    def half_done_then_broken(turn: Turn, text: str) -> None:
        real(turn, text)
        if armed["on"]:
            armed["on"] = False
            raise RuntimeError(SECRET)

    monkeypatch.setattr(desk_module, "run_client_turn", half_done_then_broken)
    return lambda: armed.update(on=True)


def test_an_engine_failure_keeps_the_clients_message_and_reply_in_the_conversation(
    desk: Desk, engine: Engine, thread_id: str, broken_engine: Callable[[], None]
) -> None:
    at_room_step(desk, thread_id)
    broken_engine()

    desk.handle_message(thread_id, "Room B please, we will be 28 people")

    assert _conversation(engine, thread_id)[-2] == ("client", "Room B please, we will be 28 people")
    assert _conversation(engine, thread_id)[-1][0] == "desk"


def test_an_engine_failure_keeps_the_facts_the_message_gave(
    desk: Desk, thread_id: str, broken_engine: Callable[[], None]
) -> None:
    at_room_step(desk, thread_id)
    broken_engine()

    desk.handle_message(thread_id, "Room B please, we will be 28 people")

    requirements = desk.event_view(thread_id)["requirements"]
    assert requirements["participants"] == 28
    assert requirements["preferred_room"] == "room-b"


def test_an_engine_failure_leaves_nothing_half_written(
    desk: Desk, engine: Engine, thread_id: str, broken_engine: Callable[[], None]
) -> None:
    at_room_step(desk, thread_id)
    before = desk.event_view(thread_id)
    broken_engine()

    desk.handle_message(thread_id, "Room B please")  # the engine held Room B before it broke

    event = desk.event_view(thread_id)
    assert bookings_of(engine, "room-b") == []
    assert (event["locked_room_id"], event["status"], event["current_step"]) == (None, "Lead", 3)
    steps = [entry for entry in event["audit"] if entry["kind"] == "step"]
    assert steps == [entry for entry in before["audit"] if entry["kind"] == "step"]
    effects = [entry["detail"]["tool"] for entry in event["audit"][len(before["audit"]):] if entry["kind"] == "tool"]
    assert effects == ["hil_create"]  # the rolled-back room_hold left no trace
    assert [kind for _, kind, _ in tasks_of(engine, thread_id)] == ["manual_review"]


def test_an_engine_failure_puts_the_thread_on_the_teams_desk_with_one_task(
    desk: Desk, engine: Engine, thread_id: str, broken_engine: Callable[[], None]
) -> None:
    at_room_step(desk, thread_id)
    broken_engine()

    reply = desk.handle_message(thread_id, "Room B please")

    assert reply.hil is not None
    assert tasks_of(engine, thread_id) == [(reply.hil.task_id, "manual_review", "open")]
    assert reply.footer.state == "Waiting on HIL"
    assert SECRET in desk.open_tasks(thread_id)[0]["summary"]  # the manager sees what went wrong


@pytest.mark.parametrize(
    ("message", "words"),
    [("Room B please", "the venue's team will check your request"),
     ("Wir nehmen bitte den Raum B, danke", "das Team des Hauses prüft Ihre Anfrage")],
)
def test_an_engine_failure_answers_in_the_clients_language_without_internal_words(
    desk: Desk, thread_id: str, broken_engine: Callable[[], None], message: str, words: str
) -> None:
    at_room_step(desk, thread_id)
    broken_engine()

    reply = desk.handle_message(thread_id, message)

    assert words in reply.body_markdown
    assert not INTERNAL_WORDS.search(reply.body_markdown), reply.body_markdown
    assert re.fullmatch(FOOTER_PATTERN, reply.footer_text)


def test_after_an_engine_failure_the_next_message_works(
    desk: Desk, engine: Engine, thread_id: str, broken_engine: Callable[[], None]
) -> None:
    at_room_step(desk, thread_id)
    broken_engine()
    desk.handle_message(thread_id, "Room B please")

    reply = desk.handle_message(thread_id, "Is there parking?")

    assert "Parking" in reply.body_markdown
    assert re.fullmatch(FOOTER_PATTERN, reply.footer_text)
    assert row_counts(engine)["hil_tasks"] == 1


def test_once_the_team_has_looked_the_booking_carries_on_with_the_kept_facts(
    desk: Desk, engine: Engine, thread_id: str, broken_engine: Callable[[], None]
) -> None:
    at_room_step(desk, thread_id)
    broken_engine()
    failed = desk.handle_message(thread_id, "Room B please, we will be 28 people")
    assert failed.hil is not None
    desk.decide(failed.hil.task_id, "approve")

    desk.handle_action(thread_id, "select_room", {"room_id": "room-b"})

    event = desk.event_view(thread_id)
    assert event["locked_room_id"] == "room-b" and event["requirements"]["participants"] == 28
    assert [booking[0] for booking in bookings_of(engine, "room-b")] == [event["event_id"]]


def test_a_redelivered_failed_message_returns_the_same_reply_and_opens_no_second_task(
    desk: Desk, engine: Engine, thread_id: str, broken_engine: Callable[[], None]
) -> None:
    at_room_step(desk, thread_id)
    broken_engine()
    first = desk.handle_message(thread_id, "Room B please", idempotency_key="m-1")

    again = desk.handle_message(thread_id, "Room B please", idempotency_key="m-1")

    assert again == first
    assert len(tasks_of(engine, thread_id)) == 1


@pytest.fixture
def desk_with_broken_tool(engine: Engine, clock: FrozenClock) -> Desk:
    """A desk whose `dates_check` tool raises an unexpected error (a bug, not a transient failure)."""

    def bug(ctx: Any, args: Any) -> Any:
        raise KeyError("room-z")

    registry = dict(booking_tools())
    registry["dates_check"] = dataclasses.replace(registry["dates_check"], handler=bug)
    retry = RetryPolicy(max_attempts=1, sleep=lambda _: None)
    executor = ToolExecutor(registry, retry=retry, clock=clock.now)
    return Desk(engine, clock, id_seed=0, executor=executor)


def test_a_tool_raising_an_unexpected_error_keeps_the_first_messages_facts(
    desk_with_broken_tool: Desk,
) -> None:
    desk = desk_with_broken_tool
    thread_id = desk.open_thread(thread_id="thr-1").thread_id

    reply = desk.handle_message(thread_id, "Hi, a workshop for 30 people on 10 March 2026, 9 to 5.",
                                sender=SENDER)

    event = desk.event_view(thread_id)
    assert event["client_email"] == SENDER
    assert event["requirements"]["participants"] == 30
    assert (event["requirements"]["start_time"], event["requirements"]["end_time"]) == ("09:00", "17:00")
    assert reply.hil is not None and reply.hil.type == "tool_failure"
    assert not INTERNAL_WORDS.search(reply.body_markdown), reply.body_markdown


def test_an_understanding_failure_keeps_the_message_and_the_sender(
    desk: Desk, engine: Engine, thread_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> Any:
        raise ValueError(SECRET)

    monkeypatch.setattr(desk.agents, "understand", broken)

    reply = desk.handle_message(thread_id, "Hello, a party for 40 please", sender=SENDER)

    assert _conversation(engine, thread_id)[0] == ("client", "Hello, a party for 40 please")
    assert desk.event_view(thread_id)["client_email"] == SENDER
    assert not INTERNAL_WORDS.search(reply.body_markdown)
    assert reply.footer.state == "Waiting on HIL"
