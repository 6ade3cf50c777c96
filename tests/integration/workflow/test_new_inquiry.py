"""A second, separate inquiry in a thread (docs/design.md §4.3): its own thread and event, opened exactly once; the
first booking, its hold and its offer untouched."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from venuedesk.store.models import ThreadRow, ToolCallRow
from venuedesk.understanding.mail_text import split_reply
from venuedesk.workflow.desk import Desk
from venuedesk.tools.inquiries import spawned_thread_id
from venuedesk.workflow.new_inquiry import inquiry_text
from workflow_helpers import at_offer_review

SECOND = ("Thanks, looks good so far.\n\nBy the way, we're also planning a Christmas dinner for 40 people in "
          "December - could you send something for that too?\n\nBest, Anna")


def _thread_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(ThreadRow)).scalar_one()


def _new_thread(thread_id: str) -> str:
    return spawned_thread_id(thread_id, inquiry_text(split_reply(SECOND).body))  # the desk reads the new text only


def test_a_second_inquiry_leaves_the_first_booking_its_hold_and_its_draft_untouched(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    task_id = at_offer_review(desk, thread_id)
    before = desk.event_view(thread_id)
    assert before is not None
    desk.handle_message(thread_id, SECOND, idempotency_key="k1")
    after = desk.event_view(thread_id)
    assert after is not None
    for field in ("status", "current_step", "thread_state", "requirements", "chosen_date", "locked_room_id",
                  "offers", "products", "hold_expires_at"):
        assert after[field] == before[field], field
    assert [task["task_id"] for task in desk.open_tasks(thread_id)] == [task_id]


def test_a_second_inquiry_opens_a_thread_whose_first_turn_reads_only_the_new_event(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    at_offer_review(desk, thread_id)
    reply = desk.handle_message(thread_id, SECOND, idempotency_key="k1")
    new = _new_thread(thread_id)
    assert new in reply.body_markdown
    event = desk.event_view(new)
    assert event is not None
    assert event["requirements"]["participants"] == 40
    assert event["client_email"] == "anna@example.com"  # the client's address carried over from the first thread


def test_the_new_thread_opens_with_the_clients_own_token(desk: Desk, engine: Engine, thread_id: str) -> None:
    at_offer_review(desk, thread_id)
    desk.handle_message(thread_id, SECOND)
    with engine.connect() as connection:
        tokens = dict(connection.execute(select(ThreadRow.id, ThreadRow.client_token_hash)).all())
    assert tokens[_new_thread(thread_id)] == tokens[thread_id]


def test_a_redelivered_second_inquiry_opens_no_second_thread(desk: Desk, engine: Engine, thread_id: str) -> None:
    at_offer_review(desk, thread_id)
    desk.handle_message(thread_id, SECOND, idempotency_key="k1")
    threads = _thread_count(engine)
    new_event = desk.event_view(_new_thread(thread_id))
    desk.handle_message(thread_id, SECOND, idempotency_key="k1")  # the same delivery again
    desk.handle_message(thread_id, SECOND)  # redelivered without its key
    assert _thread_count(engine) == threads
    assert desk.event_view(_new_thread(thread_id)) == new_event  # its first turn ran once


def test_the_new_thread_is_opened_by_one_inquiry_open_tool_call(desk: Desk, engine: Engine, thread_id: str) -> None:
    at_offer_review(desk, thread_id)
    desk.handle_message(thread_id, SECOND, idempotency_key="k1")
    desk.handle_message(thread_id, SECOND)  # redelivered without its key: the tool's key finds the first call
    with engine.connect() as connection:
        rows = connection.execute(select(ToolCallRow.idem_key, ToolCallRow.result)
                                  .where(ToolCallRow.name == "inquiry_open")).all()
    keyed = [row for row in rows if row.idem_key is not None]  # a replay is ledgered without the key
    assert [row.idem_key for row in keyed] == [f"inquiry_open:{_new_thread(thread_id)}"]
    assert {row.result["thread_id"] for row in rows} == {_new_thread(thread_id)}


def test_the_reply_links_the_new_thread_next_to_its_reference(desk: Desk, thread_id: str) -> None:
    at_offer_review(desk, thread_id)
    reply = desk.handle_message(thread_id, SECOND)
    new_thread = _new_thread(thread_id)
    (link,) = [action for action in reply.actions if action.name == "open_thread"]
    assert (link.args, link.url) == ({"thread_id": new_thread}, f"/?thread={new_thread}")
    assert f"reference {new_thread}" in reply.body_markdown
