"""A full conversation through the Desk: every Reply carries the footer exactly once (docs/design.md §4.1)
and the audit has one entry per step move (docs/design.md §4.3)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import Engine

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.domain.event import STEP_LABELS
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Reply
from workflow_helpers import FOOTER_PATTERN, SENDER, outbox_replies

MARCH_TUESDAYS = "Hi, we'd like a workshop for 30 people in March, ideally a Tuesday, 9 to 5."


def _conversation(desk: Desk, clock: FrozenClock, thread_id: str) -> list[Reply]:
    """Inquiry → date button → room → products → reject → edit → redelivery → count change after the offer."""
    replies = [
        desk.handle_message(thread_id, MARCH_TUESDAYS, sender=SENDER),
        desk.handle_action(thread_id, "select_date", {"date": "2026-03-10"}),
        desk.handle_message(thread_id, "Is there parking?"),
        desk.handle_action(thread_id, "select_room", {"room_id": "room-b"}, idempotency_key="room-click"),
        desk.handle_action(thread_id, "select_room", {"room_id": "room-b"}, idempotency_key="room-click"),
        desk.handle_message(thread_id, "no catering"),
    ]
    task = desk.open_tasks(thread_id)[0]["task_id"]
    replies.append(desk.decide(task, "reject", note="mention the parking"))
    task = desk.open_tasks(thread_id)[0]["task_id"]
    replies.append(desk.decide(task, "edit", text="Here is your offer: Room B, CHF 750.00."))
    replies.append(desk.decide(task, "approve"))
    clock.set(datetime(2026, 2, 5, 10, 0, tzinfo=VENUE_TZ))
    replies.append(desk.handle_message(thread_id, "Actually we will be 38 people"))
    return replies


@pytest.fixture
def replies(desk: Desk, clock: FrozenClock, thread_id: str) -> list[Reply]:
    replies = _conversation(desk, clock, thread_id)
    steps = [reply.footer.step for reply in replies]
    assert (steps[0], steps[-2], steps[-1]) == (2, 5, 3), f"the conversation took another path: {steps}"
    return replies


def test_every_reply_has_a_well_formed_footer_text(replies: list[Reply]) -> None:
    for index, reply in enumerate(replies):
        match = re.fullmatch(FOOTER_PATTERN, reply.footer_text)
        assert match, f"reply {index}: {reply.footer_text!r}"
        assert int(match["step"]) == reply.footer.step
        assert match["label"] == STEP_LABELS[reply.footer.step] == reply.footer.step_label
        assert match["next"] == reply.footer.next
        assert match["state"] == reply.footer.state


def test_every_reply_carries_the_footer_exactly_once(replies: list[Reply]) -> None:
    for index, reply in enumerate(replies):
        assert reply.footer_text.count("Step:") == 1, f"reply {index}"
        assert "Step:" not in reply.body_markdown, f"reply {index}: footer in the body"
        assert "State:" not in reply.body_markdown, f"reply {index}: footer in the body"
        for table in reply.table_blocks:
            cells = [table.title, *table.columns, *(str(c) for row in table.rows for c in row)]
            assert not any("Step:" in cell for cell in cells), f"reply {index}: footer in a table"


def test_every_delivered_message_carries_the_footer_exactly_once(
    engine: Engine, thread_id: str, replies: list[Reply]
) -> None:
    delivered = outbox_replies(engine, thread_id)
    assert delivered
    for row in delivered:
        assert re.fullmatch(FOOTER_PATTERN, row["footer_text"])
        assert "Step:" not in row["body_markdown"]


def test_the_edited_text_is_what_the_client_receives_above_the_computed_terms_and_table(
    replies: list[Reply],
) -> None:
    edited = replies[7]
    assert edited.body_markdown.startswith("Here is your offer: Room B, CHF 750.00.\n\n**Total: CHF 750.00**")
    assert "Cancellation:" in edited.body_markdown
    assert [row[-1] for row in edited.table_blocks[0].rows] == ["750.00", "750.00"]
    assert edited.footer.step == 5


def _step_moves(audit: list[dict]) -> list[dict]:
    return [entry for entry in audit if entry["kind"] == "step"]


def test_the_audit_has_one_entry_per_step_move(desk: Desk, thread_id: str, replies: list[Reply]) -> None:
    audit = _step_moves(desk.event_view(thread_id)["audit"])
    moves = [(entry["from_step"], entry["to_step"]) for entry in audit]

    assert moves == [(1, 2), (2, 3), (3, 4), (4, 5), (5, 3)]


def test_audit_entries_chain_from_step_to_step(desk: Desk, thread_id: str, replies: list[Reply]) -> None:
    audit = _step_moves(desk.event_view(thread_id)["audit"])
    assert audit[0]["from_step"] == 1
    for earlier, later in zip(audit, audit[1:], strict=False):
        assert earlier["to_step"] == later["from_step"]
    assert audit[-1]["to_step"] == desk.event_view(thread_id)["current_step"]
    for entry in audit:
        assert entry["from_step"] != entry["to_step"]
        assert entry["actor"] and entry["reason"] and entry["at"]


def test_the_manager_approval_is_audited_as_the_managers_move(
    desk: Desk, thread_id: str, replies: list[Reply]
) -> None:
    audit = desk.event_view(thread_id)["audit"]
    approval = next(entry for entry in audit if (entry["from_step"], entry["to_step"]) == (4, 5))
    assert approval["actor"] == "manager"


def test_turns_that_stay_on_a_step_add_no_audit_entry(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, MARCH_TUESDAYS, sender=SENDER)
    audit = _step_moves(desk.event_view(thread_id)["audit"])

    desk.handle_message(thread_id, "Is there parking?")
    desk.handle_message(thread_id, MARCH_TUESDAYS)

    assert _step_moves(desk.event_view(thread_id)["audit"]) == audit
