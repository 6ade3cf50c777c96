"""Service-layer fixtures: a migrated, seeded database per backend and a Desk on it with a frozen clock."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from venuedesk.clock import FrozenClock
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.venue.loader import CatalogueDocuments, load_catalogue_documents
from venuedesk.workflow.desk import Desk
from workflow_helpers import NOW


@pytest.fixture(scope="session")
def demo_catalogue() -> CatalogueDocuments:
    """The demo venue's documents, parsed once."""
    return load_catalogue_documents()


def _migrate_and_seed(url: str, docs: CatalogueDocuments) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    seed(engine, docs)
    return engine


@pytest.fixture
def engine(
    database_url: str, demo_catalogue: CatalogueDocuments, request: pytest.FixtureRequest
) -> Iterator[Engine]:
    """The database migrated to head and seeded with the demo venue (what `ensure_ready` does)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        shutil.copyfile(request.getfixturevalue("seeded_sqlite_template"), str(url.database))
        engine = make_engine(database_url)
    else:
        engine = _migrate_and_seed(database_url, demo_catalogue)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def desk(engine: Engine, clock: FrozenClock) -> Desk:
    return Desk(engine, clock, id_seed=0)


@pytest.fixture
def thread_id(desk: Desk) -> str:
    return desk.open_thread(thread_id="thr-1").thread_id
