"""Migration 0017 hashes the client tokens already stored, in place: the thread then opens with the raw token the
client still holds, and upgrading again (after a downgrade) hashes nothing twice."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, MetaData, Table, insert, select
from sqlalchemy.orm import Session

from venuedesk.store.db import alembic_config, upgrade
from venuedesk.store.repositories.threads import ThreadRepository
from venuedesk.store.token_hash import token_digest
from store_helpers import NOW

RAW = "tok_0123456789abcdef0123456789abcdef"


def _stored_token(engine: Engine) -> str:
    threads = Table("threads", MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        return str(connection.execute(select(threads.c.client_token)).scalar_one())


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@pytest.fixture
def hashed(bare_engine: Engine) -> Engine:
    """A database at 0016 holding a thread with the raw token RAW, then upgraded to 0017."""
    upgrade(bare_engine, "0016")
    threads = Table("threads", MetaData(), autoload_with=bare_engine)
    with bare_engine.begin() as connection:
        connection.execute(insert(threads).values(id="thr_old", client_token=RAW, channel="chat", language="en",
                                                  providers={}, created_at=NOW))
    upgrade(bare_engine, "0017")
    return bare_engine


def test_migration_0017_replaces_each_raw_client_token_by_its_digest(hashed: Engine) -> None:
    assert _stored_token(hashed) == token_digest(RAW)
    upgrade(hashed, "head")  # the ORM maps the newest schema
    with Session(hashed) as session:
        row = ThreadRepository(session).by_token(RAW)
        assert row is not None and row.id == "thr_old"


def test_upgrading_again_after_a_downgrade_hashes_nothing_twice(hashed: Engine) -> None:
    _downgrade(hashed, "0016")
    upgrade(hashed, "0017")
    assert _stored_token(hashed) == token_digest(RAW)
