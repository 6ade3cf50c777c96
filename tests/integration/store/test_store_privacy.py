"""The GDPR export and erasure of one client (docs/privacy.md), on both backends: the export holds everything
planted about the client and nothing of another; after the erasure no planted value is left in any column of any
table, Message-IDs and inbox keys included (on SQLite, in no byte of the file, its WAL or shared memory), while a confirmed booking keeps its amounts
and dates; erasing again erases nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, select

from step_seven import enter_step_seven, offer_sent
from venuedesk.clock import FrozenClock
from venuedesk.domain.event import Billing
from venuedesk.store.chatkit_models import ChatKitItemRow, ChatKitThreadRow
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.privacy import erase_by_email, export_by_email

EMAIL = "annelie@brunnschweiler.ch"
MESSAGE_ID = "<annelie.b.4711@brunnschweiler.ch>"  # the client's own mail server names her mail
EARLIER_ID = "<a.brunnschweiler.0815@brunnschweiler.ch>"
PLANTED = ("Brunnschweiler", EMAIL, "044 987 65 43", "Seefeldstrasse", "CH93 0076 2011 6238 5295 7", "annelie.b.4711",
           "a.brunnschweiler.0815")
INQUIRY = (f"Hi, I am Annelie Brunnschweiler ({EMAIL}, 044 987 65 43). We'd like a workshop for 30 people on "
           "10 March 2026, 9 to 5.")
IBAN_MAIL = ("Should you need to refund anything: IBAN CH93 0076 2011 6238 5295 7, Annelie Brunnschweiler, "
             "Seefeldstrasse 123, 8008 Zürich.")
BILLING = Billing(company="Brunnschweiler Treuhand AG", name="Annelie Brunnschweiler", street="Seefeldstrasse 123",
                  postal_code="8008", city="Zürich", country="CH")
OTHER = ("Oberholzer", "bernhard@oberholzer.ch")
OTHER_INQUIRY = "Hello, Bernhard Oberholzer here (bernhard@oberholzer.ch): a dinner for 20 people on 12 March 2026."
KEPT = ("status", "chosen_date", "locked_room_id", "offers", "deposit")


@pytest.fixture
def desk(engine: Engine, clock: FrozenClock) -> Desk:
    return Desk(engine, clock)


def _plant(desk: Desk) -> tuple[str, str]:
    """A confirmed booking of the client (inquiry, billing, a refund IBAN by mail under her Message-ID, which also
    keys the inbox row, with an earlier one in its References, a ChatKit item) and another client's lead; their
    thread ids."""
    thread_id = desk.open_thread().thread_id
    offer_sent(desk, thread_id, inquiry=INQUIRY)
    waiting = enter_step_seven(desk, thread_id, billing=BILLING)
    assert waiting.hil is not None
    desk.decide(waiting.hil.task_id, "approve")
    desk.handle_message(thread_id, IBAN_MAIL, sender=EMAIL, idempotency_key=f"mail:{MESSAGE_ID}")
    with desk.uow() as uow:
        now = uow.now()
        uow.mail.record(message_id=MESSAGE_ID, thread_id=thread_id, sender=EMAIL.upper(),
                        subject="Workshop, Annelie Brunnschweiler", references=(EARLIER_ID,), received_at=now,
                        outcome="accepted")
        uow.session.add(ChatKitThreadRow(id=thread_id, data={"title": "Annelie Brunnschweiler"}, created_at=now))
        uow.session.flush()
        uow.session.add(ChatKitItemRow(thread_id=thread_id, item_id="it_1", type="user_message", source_seq=1,
                                       data={"content": INQUIRY}, created_at=now))
        uow.commit()
    other = desk.open_thread().thread_id
    desk.handle_message(other, OTHER_INQUIRY)
    return thread_id, other


def _every_value(engine: Engine) -> str:
    """Every column of every row of every table, as one text."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        rows = [list(row) for table in metadata.sorted_tables for row in connection.execute(select(table))]
    return json.dumps(rows, default=str, ensure_ascii=False)


def _file_bytes(engine: Engine) -> bytes:
    """The SQLite file, its WAL and its shared memory, as raw bytes."""
    database = Path(str(engine.url.database))
    return b"".join(path.read_bytes() for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"))
                    if path.exists())


def _found(values: tuple[str, ...], text: str) -> list[str]:
    return [value for value in values if value.casefold() in text.casefold()]


def test_the_export_holds_the_clients_data_and_nobody_elses(engine: Engine, desk: Desk) -> None:
    thread_id, other = _plant(desk)
    exported = export_by_email(engine, desk.clock, EMAIL.upper(), actor="manager")
    assert [thread["thread_id"] for thread in exported["threads"]] == [thread_id]
    text = json.dumps(exported, ensure_ascii=False)
    assert _found(PLANTED, text) == list(PLANTED)
    assert _found(OTHER, text) == [] and other not in text
    [thread] = exported["threads"]
    assert thread["messages"] and thread["hil_tasks"] and thread["tool_calls"] and thread["outbox"]
    assert thread["mail_messages"] and thread["chatkit_items"] and thread["event"]["state"]["client_email"] == EMAIL


def test_erasure_leaves_no_planted_value_in_any_table_or_file(engine: Engine, desk: Desk) -> None:
    thread_id, _ = _plant(desk)
    assert _found(PLANTED, _every_value(engine)) == list(PLANTED), "the test planted nothing"
    before = desk.event_view(thread_id)
    assert erase_by_email(engine, desk.clock, EMAIL, actor="owner@venue.example") == [thread_id]
    assert _found(PLANTED, _every_value(engine)) == []
    if engine.dialect.name == "sqlite":
        raw = _file_bytes(engine).decode("latin-1")
        assert _found(PLANTED, raw) == []
    after = desk.event_view(thread_id)
    assert before is not None and after is not None and after["status"] == "Confirmed"
    assert {key: after.get(key) for key in KEPT} == {key: before.get(key) for key in KEPT}
    assert _found(OTHER, _every_value(engine)) == list(OTHER), "another client's data stays"


def test_erasing_twice_erases_nothing_the_second_time(engine: Engine, desk: Desk) -> None:
    _plant(desk)
    assert len(erase_by_email(engine, desk.clock, EMAIL, actor="cli")) == 1
    assert erase_by_email(engine, desk.clock, EMAIL, actor="cli") == []
    assert export_by_email(engine, desk.clock, EMAIL, actor="cli")["threads"] == []


def test_the_erasure_is_in_the_events_audit_with_the_account(engine: Engine, desk: Desk) -> None:
    thread_id, _ = _plant(desk)
    erase_by_email(engine, desk.clock, EMAIL, actor="owner@venue.example")
    view = desk.event_view(thread_id)
    assert view is not None
    assert [entry["actor"] for entry in view["audit"] if entry["kind"] == "privacy"] == ["owner@venue.example"]


def test_the_erased_mail_delivered_again_is_still_known(engine: Engine, desk: Desk) -> None:
    thread_id, _ = _plant(desk)
    erase_by_email(engine, desk.clock, EMAIL, actor="cli")
    with desk.uow() as uow:
        known = uow.mail.get(MESSAGE_ID)
    assert known is not None and known.thread_id == thread_id and known.message_id != MESSAGE_ID
