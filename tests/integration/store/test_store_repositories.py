"""Repositories for threads, events, inbox, messages, HIL tasks, ledger and outbox, on every backend."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from store_helpers import NOW, add_thread, rich_event

from venuedesk.store.repositories import DuplicateInboxKey, LedgerConflict
from venuedesk.store.uow import UnitOfWork

MakeUow = Callable[[], UnitOfWork]


def test_an_event_round_trips_exactly(make_uow: MakeUow) -> None:
    state = rich_event()
    with make_uow() as uow:
        add_thread(uow, "t1")
        uow.events.save(state, NOW)
        uow.commit()
    with make_uow() as uow:
        loaded = uow.events.for_thread("t1")
        by_id = uow.events.get("e1")
    assert loaded == state
    assert by_id == state
    assert loaded is not None and loaded.public_view() == state.public_view()


def test_saving_again_updates_the_indexed_columns(make_uow: MakeUow) -> None:
    state = rich_event()
    with make_uow() as uow:
        add_thread(uow, "t1")
        uow.events.save(state, NOW)
        uow.commit()
    state.status = "Confirmed"
    state.chosen_date = date(2026, 4, 1)
    with make_uow() as uow:
        uow.events.save(state, NOW + timedelta(minutes=1))
        uow.commit()
    with make_uow() as uow:
        assert [e.event_id for e in uow.events.list(status="Confirmed")] == ["e1"]
        assert uow.events.list(status="Option") == []
        assert [
            e.event_id for e in uow.events.list(date_from=date(2026, 4, 1), date_to=date(2026, 4, 1))
        ] == ["e1"]
        assert uow.events.list(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)) == []


def test_a_unit_of_work_without_commit_leaves_nothing_behind(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        add_thread(uow, "t1")
        uow.events.save(rich_event(), NOW)
    with pytest.raises(RuntimeError), make_uow() as uow:
        add_thread(uow, "t2")
        raise RuntimeError("boom")
    with make_uow() as uow:
        assert uow.threads.get("t1") is None
        assert uow.threads.get("t2") is None
        assert uow.events.for_thread("t1") is None


def test_threads_keep_their_providers_per_agent(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        add_thread(uow, "t1")
        uow.threads.set_provider("t1", "intake_agent", "deterministic")
        uow.threads.set_provider("t1", "offer_agent", "openai_chat")
        uow.commit()
    with make_uow() as uow:
        thread = uow.threads.get("t1")
        assert thread is not None
        assert thread.providers == {"intake_agent": "deterministic", "offer_agent": "openai_chat"}
        assert thread.created_at == NOW
        assert uow.threads.by_token("tok-t1") is not None
        assert uow.lock_thread("t1") is True
        assert uow.lock_thread("nope") is False


def test_the_inbox_stores_a_key_once_per_thread(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        uow.inbox.put("t1", "m1", "message", {"text": "hi"}, NOW)
        with pytest.raises(DuplicateInboxKey):
            uow.inbox.put("t1", "m1", "message", {"text": "hi again"}, NOW)
        uow.inbox.put("t2", "m1", "message", {"text": "other thread"}, NOW)
        uow.inbox.set_reply("t1", "m1", {"body_markdown": "Hello"})
        uow.commit()
    with make_uow() as uow:
        stored = uow.inbox.get("t1", "m1")
        assert stored is not None
        assert stored.payload == {"text": "hi"}
        assert stored.reply == {"body_markdown": "Hello"}
        assert uow.inbox.get("t1", "m2") is None
        assert uow.inbox.get("t2", "m1") is not None


def test_messages_come_back_in_order_and_limited_to_the_latest(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        for n in range(5):
            uow.messages.append("t1", "client" if n % 2 == 0 else "desk", f"m{n}", f"turn{n}", NOW)
        uow.messages.append("t2", "client", "other", "x", NOW)
        uow.commit()
    with make_uow() as uow:
        assert [m.text for m in uow.messages.history("t1")] == ["m0", "m1", "m2", "m3", "m4"]
        assert [m.text for m in uow.messages.history("t1", limit=2)] == ["m3", "m4"]
        assert [m.seq for m in uow.messages.history("t1")] == [1, 2, 3, 4, 5]


def test_deciding_a_hil_task_twice_is_a_no_op(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        task = uow.hil.create(
            "t1",
            "offer_approval",
            NOW,
            summary="Offer v1",
            draft_json='{"body_markdown": "Offer"}',
            offer_id="o1",
            offer_version=1,
        )
        uow.commit()
        task_id = task.id
    with make_uow() as uow:
        assert uow.hil.count_open() == 1
        assert [t.id for t in uow.hil.open_for_thread("t1")] == [task_id]
        assert uow.hil.decide(task_id, "approved", {"note": "ok"}, "manager", NOW) is True
        assert uow.hil.decide(task_id, "rejected", {"note": "no"}, "manager", NOW) is False
        uow.commit()
    with make_uow() as uow:
        stored = uow.hil.get(task_id)
        assert stored is not None
        assert (stored.status, stored.decision, stored.decided_by) == ("approved", {"note": "ok"}, "manager")
        assert stored.draft == {"body_markdown": "Offer"}
        assert uow.hil.count_open("t1") == 0
        assert [t.id for t in uow.hil.list("approved")] == [task_id]
        assert uow.hil.decide("missing", "approved", None, "manager", NOW) is False


def test_hil_task_ids_are_numbered_per_thread(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        first = uow.hil.create("t1", "offer_approval", NOW)
        second = uow.hil.create("t1", "manual_review", NOW + timedelta(seconds=1))
        assert (first.id, second.id) == ("t1-hil-1", "t1-hil-2")
        assert [t.id for t in uow.hil.list()] == ["t1-hil-1", "t1-hil-2"]


def test_the_ledger_finds_calls_by_id_and_by_business_key(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        uow.ledger.put(
            "t1", "c1", "room_hold", {"room_id": "room-b"}, "h1", "k1", "ok", {"status": "held"}, 1, NOW
        )
        with pytest.raises(LedgerConflict):
            uow.ledger.put("t1", "c1", "room_hold", {}, "h2", None, "ok", {}, 1, NOW)
        with pytest.raises(LedgerConflict):
            uow.ledger.put("t1", "c2", "room_hold", {}, "h1", "k1", "ok", {}, 1, NOW)
        uow.commit()
    with make_uow() as uow:
        by_call = uow.ledger.lookup("t1", "c1", None)[0]
        assert by_call is not None and by_call.result == {"status": "held"}
        assert uow.ledger.lookup("t-none", "c-none", "k1")[1] is not None
        assert uow.ledger.lookup("t2", "c1", None)[0] is None


def test_the_outbox_delivers_each_reply_once_and_releases_held_ones(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        sent = uow.outbox.add("t1", {"body_markdown": "a"}, "chat", NOW)
        held = uow.outbox.add("t1", {"body_markdown": "draft"}, "chat", NOW, status="held")
        uow.commit()
    with make_uow() as uow:
        assert [row.id for row in uow.outbox.pending()] == [sent.id]
        assert uow.outbox.mark_sent(sent.id, NOW) is True
        assert uow.outbox.mark_sent(sent.id, NOW) is False
        assert uow.outbox.release(held.id, {"body_markdown": "edited"}) is True
        assert uow.outbox.release(held.id) is False
        uow.commit()
    with make_uow() as uow:
        pending = uow.outbox.pending()
        assert [(row.id, row.reply) for row in pending] == [(held.id, {"body_markdown": "edited"})]
        assert [row.status for row in uow.outbox.for_thread("t1")] == ["sent", "pending"]


def test_a_locked_thread_makes_a_second_turn_wait_for_the_first(make_uow: MakeUow) -> None:
    with make_uow() as uow:
        add_thread(uow, "t1")
        uow.commit()
    order: list[str] = []
    first_has_lock = threading.Event()

    def second_turn() -> None:
        first_has_lock.wait(5)
        with make_uow() as uow:
            uow.lock_thread("t1")
            order.append("second locked")

    worker = threading.Thread(target=second_turn)
    worker.start()
    with make_uow() as uow:
        uow.lock_thread("t1")
        first_has_lock.set()
        time.sleep(0.3)
        order.append("first commits")
        uow.commit()
    worker.join(10)
    assert order == ["first commits", "second locked"]
