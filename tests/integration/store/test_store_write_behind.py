"""Write-behind on PostgreSQL: the rows a unit of work appends are held until commit and sent there in one
statement; a rollback (of the transaction or of a savepoint) drops them; reads in the unit of work still see them."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from store_helpers import MakeUow, NOW, postgres_units_of_work, rich_event

from venuedesk.store import writebehind
from venuedesk.store.models import HilTaskRow, InboxRow, MessageRow, OutboxRow, ToolCallRow
from venuedesk.store.pipeline_models import LostReasonRow
from venuedesk.store.uow import UnitOfWork

@pytest.fixture
def pg_uow(engine: Engine, make_uow: MakeUow) -> MakeUow:
    """Units of work on PostgreSQL, on a thread "t1" (SQLite writes every row at once: nothing is held there)."""
    return postgres_units_of_work(engine, make_uow, "rows are held for commit on PostgreSQL only", with_event=False)


def _write_a_turn(uow: UnitOfWork) -> None:
    """What a turn writes, after taking the thread lock as a turn does (it brings the thread and its event)."""
    assert uow.lock_thread("t1")
    uow.messages.append("t1", "client", "hello", "turn-1", NOW)
    uow.messages.append("t1", "desk", "welcome", "turn-1", NOW, {"body_markdown": "welcome"})
    uow.outbox.queue("t1", {"body_markdown": "welcome"}, "chat", NOW)
    uow.inbox.put("t1", "k1", "message", {"text": "hello"}, NOW, {"body_markdown": "welcome"})
    uow.ledger.put("t1", "c1", "room_hold", {"room_id": "room-b"}, "h1", "key-1", "ok", {"status": "held"}, 1, NOW)
    uow.events.save(rich_event(), NOW)
    uow.threads.set_provider("t1", "worker", "deterministic")
    uow.hil.create("t1", "offer_review", NOW, summary="offer 1", draft={"body": "Dear Anna"}, offer_id="o1",
                   offer_version=1)
    uow.lost.record(event_id="e1", thread_id="t1", kind="declined", from_status="Option", to_status="Lead", at=NOW,
                    actor="client", room_id="room-b")


def _counts(make_uow: MakeUow) -> dict[str, int]:
    with make_uow() as uow:
        return {row.__tablename__: uow.session.execute(select(func.count()).select_from(row)).scalar_one()
                for row in (MessageRow, OutboxRow, InboxRow, ToolCallRow, HilTaskRow, LostReasonRow)}


def test_the_rows_of_a_turn_are_not_sent_before_commit(pg_uow: MakeUow, statements: list[str]) -> None:
    with pg_uow() as uow:
        _write_a_turn(uow)
        assert [statement for statement in statements if statement.startswith(("WITH", "INSERT", "UPDATE"))] == []
        uow.commit()
    assert _counts(pg_uow) == {"messages": 2, "outbox": 1, "inbox": 1, "tool_calls": 1, "hil_tasks": 1,
                                  "lost_reasons": 1}


def test_commit_sends_every_held_row_in_one_statement(pg_uow: MakeUow, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[dict[str, Any]] = []
    real = writebehind.send_at_commit
    monkeypatch.setattr(writebehind, "send_at_commit", lambda c, s, p: (sent.append(p), real(c, s, p)))
    with pg_uow() as uow:
        _write_a_turn(uow)
        uow.commit()
    assert len(sent) == 1
    with pg_uow() as uow:
        thread = uow.threads.get("t1")
        assert thread is not None and thread.providers == {"worker": "deterministic"}
        assert uow.events.for_thread("t1") == rich_event()


def test_a_unit_of_work_left_without_commit_writes_nothing(pg_uow: MakeUow) -> None:
    with pg_uow() as uow:
        _write_a_turn(uow)
    assert _counts(pg_uow) == {"messages": 0, "outbox": 0, "inbox": 0, "tool_calls": 0, "hil_tasks": 0,
                                  "lost_reasons": 0}
    with pg_uow() as uow:
        assert uow.events.for_thread("t1") is None


def test_a_rolled_back_savepoint_drops_the_rows_held_inside_it_only(pg_uow: MakeUow) -> None:
    with pg_uow() as uow:
        uow.messages.append("t1", "client", "kept", "turn-1", NOW)
        savepoint = uow.session.begin_nested()
        uow.messages.append("t1", "desk", "dropped", "turn-1", NOW)
        uow.outbox.queue("t1", {"body_markdown": "dropped"}, "chat", NOW)
        savepoint.rollback()
        uow.commit()
    with pg_uow() as uow:
        assert [row.text for row in uow.messages.history("t1")] == ["kept"]
        assert uow.outbox.for_thread("t1") == []


def test_rows_sent_inside_a_rolled_back_savepoint_are_held_again_if_held_before_it(pg_uow: MakeUow) -> None:
    with pg_uow() as uow:
        uow.messages.append("t1", "client", "kept", "turn-1", NOW)
        savepoint = uow.session.begin_nested()
        assert uow.messages.count("t1") == 1  # the read sends the held row, inside the savepoint
        savepoint.rollback()
        uow.commit()
    with pg_uow() as uow:
        assert [row.text for row in uow.messages.history("t1")] == ["kept"]


def test_a_read_in_the_unit_of_work_sees_its_held_rows(pg_uow: MakeUow) -> None:
    with pg_uow() as uow:
        uow.messages.append("t1", "client", "one", "turn-1", NOW)
        uow.messages.append("t1", "desk", "two", "turn-1", NOW)
        assert [(row.seq, row.text) for row in uow.messages.history("t1")] == [(1, "one"), (2, "two")]
        uow.messages.append("t1", "client", "three", "turn-2", NOW)
        uow.commit()
    with pg_uow() as uow:
        assert [(row.seq, row.text) for row in uow.messages.history("t1")] == [(1, "one"), (2, "two"), (3, "three")]


def test_a_held_task_is_found_by_a_read_of_the_thread_s_open_tasks(pg_uow: MakeUow) -> None:
    with pg_uow() as uow:
        assert uow.lock_thread("t1")
        task = uow.hil.create("t1", "offer_review", NOW, draft={"body": "Dear Anna"})
        opened = uow.hil.open_for_thread("t1")
        assert [(row.id, row.draft) for row in opened] == [(task.id, {"body": "Dear Anna"})]


def test_the_ledger_finds_a_held_call_without_sending_it(pg_uow: MakeUow, statements: list[str]) -> None:
    with pg_uow() as uow:
        uow.ledger.put("t1", "c1", "room_hold", {}, "h1", "key-1", "ok", {"status": "held"}, 1, NOW)
        call, keyed = uow.ledger.lookup("t1", "c2", "key-1")
        assert call is None and keyed is not None and keyed.result == {"status": "held"}
        assert not any(statement.startswith(("WITH", "INSERT")) for statement in statements), statements


def test_a_key_stored_by_an_earlier_unit_of_work_fails_the_commit_and_keeps_nothing_of_it(pg_uow: MakeUow) -> None:
    with pg_uow() as uow:
        uow.inbox.put("t1", "k1", "message", {"text": "first"}, NOW)
        uow.commit()
    with pg_uow() as uow:
        uow.messages.append("t1", "client", "again", "turn-2", NOW)
        uow.inbox.put("t1", "k1", "message", {"text": "again"}, NOW)
        with pytest.raises(Exception, match="uq_inbox_thread_key"):
            uow.commit()
    assert _counts(pg_uow) == {"messages": 0, "outbox": 0, "inbox": 1, "tool_calls": 0, "hil_tasks": 0,
                                  "lost_reasons": 0}
