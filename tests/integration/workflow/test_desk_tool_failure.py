"""A tool failing for good (docs/design.md §4.9): the turn's partial work is rolled back and the team gets one
`tool_failure` task; the client gets a reply with its footer."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from sqlalchemy import Engine, select

from venuedesk.clock import FrozenClock
from venuedesk.store.models import ToolCallRow
from venuedesk.tools.errors import TransientToolError
from venuedesk.tools.executor import RetryPolicy, ToolExecutor
from venuedesk.tools.registry import booking_tools
from venuedesk.workflow.desk import Desk
from workflow_helpers import FOOTER_PATTERN, at_room_step, bookings_of, row_counts, tasks_of

ATTEMPTS = 3


@pytest.fixture
def hold_attempts() -> list[str]:
    return []


@pytest.fixture
def failing_desk(engine: Engine, clock: FrozenClock, hold_attempts: list[str]) -> Desk:
    """A desk whose `room_hold` tool always raises a transient error; retries do not sleep."""

    def always_transient(ctx: Any, args: Any) -> Any:
        hold_attempts.append(args.room_id)
        raise TransientToolError("the booking calendar timed out")

    registry = dict(booking_tools())
    registry["room_hold"] = dataclasses.replace(registry["room_hold"], handler=always_transient)
    executor = ToolExecutor(registry, retry=RetryPolicy(max_attempts=ATTEMPTS, sleep=lambda _: None),
                            clock=clock.now)
    return Desk(engine, clock, id_seed=0, executor=executor)


@pytest.fixture
def at_rooms(failing_desk: Desk) -> str:
    thread_id = failing_desk.open_thread(thread_id="thr-1").thread_id
    at_room_step(failing_desk, thread_id)
    return thread_id


def test_a_transient_tool_error_is_retried_up_to_the_limit(
    failing_desk: Desk, at_rooms: str, hold_attempts: list[str]
) -> None:
    failing_desk.handle_action(at_rooms, "select_room", {"room_id": "room-b"})
    assert hold_attempts == ["room-b"] * ATTEMPTS


def test_a_tool_failing_for_good_leaves_no_hold(failing_desk: Desk, engine: Engine, at_rooms: str) -> None:
    failing_desk.handle_action(at_rooms, "select_room", {"room_id": "room-b"})

    assert bookings_of(engine, "room-b") == []
    event = failing_desk.event_view(at_rooms)
    assert event["locked_room_id"] is None
    assert event["status"] == "Lead"
    assert event["current_step"] == 3


def test_a_tool_failing_for_good_rolls_back_the_turns_tool_calls(
    failing_desk: Desk, engine: Engine, at_rooms: str
) -> None:
    before = row_counts(engine)["tool_calls"]

    failing_desk.handle_action(at_rooms, "select_room", {"room_id": "room-b"})

    with engine.connect() as connection:
        names = connection.execute(select(ToolCallRow.name).order_by(ToolCallRow.id)).scalars().all()
    assert names[before:] == ["hil_create"]


def test_a_tool_failing_for_good_puts_the_thread_on_hil_with_one_tool_failure_task(
    failing_desk: Desk, engine: Engine, at_rooms: str
) -> None:
    reply = failing_desk.handle_action(at_rooms, "select_room", {"room_id": "room-b"})

    tasks = tasks_of(engine, at_rooms)
    assert [(kind, status) for _, kind, status in tasks] == [("tool_failure", "open")]
    assert failing_desk.event_view(at_rooms)["thread_state"] == "Waiting on HIL"
    assert reply.hil is not None and reply.hil.type == "tool_failure" and reply.hil.task_id == tasks[0][0]
    summary = failing_desk.open_tasks(at_rooms)[0]["summary"]
    assert "room_hold" in summary


def test_a_tool_failing_for_good_still_answers_the_client_with_a_footer(
    failing_desk: Desk, engine: Engine, at_rooms: str
) -> None:
    reply = failing_desk.handle_action(at_rooms, "select_room", {"room_id": "room-b"})

    assert "our team has been told" in reply.body_markdown
    assert "Step:" not in reply.body_markdown
    assert reply.footer.state == "Waiting on HIL"
    assert reply.footer_text.startswith("Step: 3 Room · Next: ")
    assert reply.footer_text.endswith("State: Waiting on HIL")
    assert re.fullmatch(FOOTER_PATTERN, reply.footer_text)
    assert row_counts(engine)["outbox"] >= 1
