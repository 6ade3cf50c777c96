"""Migrations, seeding and the ready-to-use entry point, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session

from venuedesk.store.db import ensure_ready, is_current, load_venue_from_db, seed, upgrade
from venuedesk.store.models import CatalogueProductRow, CatalogueRoomRow
from venuedesk.store.tables import metadata
from venuedesk.venue.loader import CatalogueDocuments, venue_from_documents

TABLES = {
    "threads",
    "events",
    "room_bookings",
    "inbox",
    "messages",
    "hil_tasks",
    "tool_calls",
    "outbox",
    "second_options",
    "hold_notices",
    "catalogue_info",
    "catalogue_rooms",
    "catalogue_products",
    "chatkit_threads",
    "chatkit_items",
    "chatkit_attachments",
    "payments",
    "site_visits",
    "venue_settings",
    "setting_changes",
    "mail_messages",
    "job_marks",
    "calendar_pushes",
    "users",
    "user_tokens",
    "venues",
    "function_sheets",
    "offer_documents",
    "lost_reasons",
    "account_changes",
    "auth_failures",
}


def test_migrations_create_every_table_and_mark_the_database_current(bare_engine: Engine) -> None:
    assert not is_current(bare_engine)
    upgrade(bare_engine)
    names = set(inspect(bare_engine).get_table_names())
    assert names >= TABLES
    assert set(metadata.tables) == TABLES
    assert is_current(bare_engine)


def test_upgrading_twice_is_harmless(bare_engine: Engine) -> None:
    upgrade(bare_engine)
    upgrade(bare_engine)
    assert is_current(bare_engine)


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        rooms = session.scalar(select(func.count()).select_from(CatalogueRoomRow))
        products = session.scalar(select(func.count()).select_from(CatalogueProductRow))
    return int(rooms or 0), int(products or 0)


def test_seeding_twice_changes_nothing_the_second_time(bare_engine: Engine, docs: CatalogueDocuments) -> None:
    upgrade(bare_engine)
    first = seed(bare_engine, docs)
    counts = _counts(bare_engine)
    second = seed(bare_engine, docs)
    total = 1 + len(docs.rooms) + len(docs.products)
    assert (first.inserted, first.updated, first.unchanged) == (total, 0, 0)
    assert (second.inserted, second.updated, second.unchanged, second.deleted) == (0, 0, total, 0)
    assert not second.changed
    assert second.version == first.version
    assert _counts(bare_engine) == counts == (len(docs.rooms), len(docs.products))


def test_seeding_a_changed_catalogue_reports_updates_and_removals(
    bare_engine: Engine, docs: CatalogueDocuments
) -> None:
    upgrade(bare_engine)
    first = seed(bare_engine, docs)
    rooms = [dict(docs.rooms[0], name="Room A (renamed)"), *docs.rooms[1:-1]]
    changed = CatalogueDocuments(venue=docs.venue, rooms=rooms, products=docs.products)
    report = seed(bare_engine, changed)
    assert (report.inserted, report.updated, report.deleted) == (0, 1, 1)
    assert report.version != first.version
    with Session(bare_engine) as session:
        venue = load_venue_from_db(session)
    assert venue.room(docs.rooms[0]["id"]).name == "Room A (renamed)"
    assert not venue.has_room(docs.rooms[-1]["id"])


def test_the_venue_read_from_the_database_equals_the_one_from_the_files(
    engine: Engine, docs: CatalogueDocuments
) -> None:
    with Session(engine) as session:
        first = load_venue_from_db(session)
        again = load_venue_from_db(session)
    assert first == venue_from_documents(docs)
    assert again is first


def test_ensure_ready_migrates_and_seeds_an_empty_database_once(database_url: str) -> None:
    engine = ensure_ready(database_url)
    try:
        assert is_current(engine)
        counts = _counts(engine)
        assert counts[0] > 0 and counts[1] > 0
        again = ensure_ready(database_url)
        again.dispose()
        assert _counts(engine) == counts
    finally:
        engine.dispose()


def test_the_migrations_match_the_models(bare_engine: Engine) -> None:
    upgrade(bare_engine)
    with bare_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
