"""Migration 0003: the ChatKit tables come and go with upgrade/downgrade and match the models."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from venuedesk.store.db import alembic_config, is_current, upgrade
from venuedesk.store.tables import metadata

CHATKIT_TABLES = {"chatkit_threads", "chatkit_items", "chatkit_attachments"}


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_the_chatkit_migration_round_trips_and_matches_the_models(engine: Engine) -> None:
    assert CHATKIT_TABLES <= _tables(engine)
    _downgrade(engine, "0002")
    assert not CHATKIT_TABLES & _tables(engine)
    assert "threads" in _tables(engine) and not is_current(engine)
    upgrade(engine)
    assert CHATKIT_TABLES <= _tables(engine) and is_current(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
