"""The GDPR export and erasure of one client (docs/privacy.md), on both backends: the export holds everything
planted about the client and nothing of another; after the erasure no planted value is left in any column of any
table, Message-IDs and inbox keys included (on SQLite, in no byte of the file, its WAL or shared memory), while a confirmed booking keeps its amounts
and dates; erasing again erases nothing. On PostgreSQL the erased tables are rewritten (VACUUM FULL), so the
planted values are in none of their files either."""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, MetaData, create_engine, select, text
from sqlalchemy.engine import make_url

from step_seven import enter_step_seven, offer_sent
from venuedesk.clock import FrozenClock
from venuedesk.domain.event import Billing
from venuedesk.store.chatkit_models import ChatKitItemRow, ChatKitThreadRow
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.store import purge
from venuedesk.store.purge import ERASED_TABLES, purge_free_pages
from venuedesk.venue.loader import CatalogueDocuments
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
_FORK_OR_SEGMENT = re.compile(r"(?:_(?:fsm|vm|init))?(?:\.\d+)?")  # 16384, 16384.1, 16384_fsm; never 163841
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


@pytest.fixture
def own_postgres(docs: CatalogueDocuments) -> Iterator[Engine]:
    """A PostgreSQL database of this test's own, migrated and seeded: no other test's open transaction (other
    schemas of the shared test database) can keep the erased row versions alive through the VACUUM."""
    base = os.environ.get("VENUEDESK_TEST_POSTGRES_URL", "").strip()
    if not base:
        pytest.skip("PostgreSQL tests need VENUEDESK_TEST_POSTGRES_URL")
    name = f"vd_purge_{secrets.token_hex(5)}"
    admin = create_engine(make_url(base).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(base).set(drivername="postgresql+psycopg", database=name)
                         .render_as_string(hide_password=False))
    try:
        upgrade(engine)
        seed(engine, docs)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _relation_files(engine: Engine) -> dict[str, int]:
    """Every relation of the erased tables (the table, its TOAST table and all their indexes): its file, from the
    data directory, and its file node."""
    query = text("""SELECT pg_relation_filepath(c.oid), c.relfilenode FROM pg_class c
                    WHERE c.oid = ANY(:tables) OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE oid = ANY(:tables))
                       OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = ANY(:tables)
                                    OR indrelid IN (SELECT reltoastrelid FROM pg_class WHERE oid = ANY(:tables)))""")
    with engine.connect() as connection:
        oids = [connection.scalar(text("SELECT CAST(:name AS regclass)::oid"), {"name": table})
                for table in ERASED_TABLES]
        return {str(path): int(node) for path, node in connection.execute(query, {"tables": oids})}


def _table_file_bytes(engine: Engine, paths: list[str]) -> str | None:
    """The bytes of these relation files (every segment and fork) after a CHECKPOINT wrote the shared buffers out;
    None when the data directory is not readable here (another host, another OS user than postgres or root)."""
    with engine.connect() as connection:
        connection.execute(text("CHECKPOINT"))
        data = Path(str(connection.scalar(text("SHOW data_directory"))))
    if not os.access(data, os.R_OK | os.X_OK):
        return None
    files = [found for path in paths for found in (data / path).parent.glob(f"{Path(path).name}*")
             if _FORK_OR_SEGMENT.fullmatch(found.name.removeprefix(Path(path).name))]
    return b"".join(found.read_bytes() for found in files if found.is_file()).decode("latin-1")


@pytest.mark.postgres
def test_on_postgresql_the_erased_tables_are_rewritten_without_the_erased_values(
    own_postgres: Engine, clock: FrozenClock
) -> None:
    desk = Desk(own_postgres, clock)
    _plant(desk)
    before = _relation_files(own_postgres)
    planted_on_disk = _table_file_bytes(own_postgres, list(before))
    assert planted_on_disk is None or EMAIL in planted_on_disk, "the table files should hold the planted email"
    erase_by_email(own_postgres, desk.clock, EMAIL, actor="cli")
    after = _relation_files(own_postgres)
    assert not set(before.values()) & set(after.values()), "every erased table and index was rewritten"
    on_disk = _table_file_bytes(own_postgres, list(after))
    if on_disk is None:
        pytest.skip("the rewrite ran; the data directory is not readable here, so its bytes were not searched")
    assert _found(PLANTED, on_disk) == []


@pytest.fixture
def other_database() -> Iterator[Engine]:
    """The shared test database: another database on the same server as `own_postgres`."""
    engine = create_engine(make_url(os.environ.get("VENUEDESK_TEST_POSTGRES_URL", "").strip())
                           .set(drivername="postgresql+psycopg"))
    try:
        yield engine
    finally:
        engine.dispose()


def _older_transaction(engine: Engine) -> Connection:
    """A transaction holding a transaction id in `engine`'s database, open until the caller ends it."""
    connection = engine.connect()
    connection.execute(text("SELECT pg_current_xact_id()"))
    return connection


@pytest.mark.postgres
def test_on_postgresql_a_transaction_older_than_the_erasure_in_another_database_keeps_no_erased_value(
    own_postgres: Engine, other_database: Engine, clock: FrozenClock
) -> None:
    desk = Desk(own_postgres, clock)
    _plant(desk)
    older = _older_transaction(other_database)  # as another client of the server (a slow migration) would
    ends = threading.Timer(1.0, older.close)
    ends.start()
    try:
        erase_by_email(own_postgres, desk.clock, EMAIL, actor="cli")
    finally:
        ends.join()
    on_disk = _table_file_bytes(own_postgres, list(_relation_files(own_postgres)))
    if on_disk is None:
        pytest.skip("the data directory is not readable here, so its bytes were not searched")
    assert _found(PLANTED, on_disk) == []


@pytest.mark.postgres
def test_on_postgresql_a_transaction_that_outlasts_the_wait_makes_the_purge_report_false(
    own_postgres: Engine, other_database: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    waits = purge.OLDER_TRANSACTIONS_WAIT
    monkeypatch.setattr(purge, "OLDER_TRANSACTIONS_WAIT", 0.2)
    older = _older_transaction(other_database)
    try:
        assert purge_free_pages(own_postgres) is False
    finally:
        older.close()
    assert "a transaction older than the erasure still runs" in caplog.text
    monkeypatch.setattr(purge, "OLDER_TRANSACTIONS_WAIT", waits)  # other clients' short transactions end within it
    assert purge_free_pages(own_postgres) is True


@pytest.mark.postgres
def test_a_table_busy_past_the_lock_timeout_is_vacuumed_without_the_rewrite(
    own_postgres: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(purge, "LOCK_TIMEOUT", "200ms")
    before = _table_nodes(own_postgres)
    with own_postgres.connect() as reader:
        reader.execute(text("SELECT count(*) FROM messages"))  # an open transaction holds the table's share lock
        assert purge_free_pages(own_postgres) is False
    after = _table_nodes(own_postgres)
    assert [table for table in ERASED_TABLES if after[table] == before[table]] == ["messages"], \
        "only the busy table kept its file"


def _table_nodes(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: int(connection.scalar(text("SELECT pg_relation_filenode(CAST(:name AS regclass))"),
                                             {"name": table})) for table in ERASED_TABLES}
