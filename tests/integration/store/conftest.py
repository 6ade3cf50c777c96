"""Store fixtures: a migrated, seeded engine per backend and a unit-of-work factory on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, event

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.store.uow import UnitOfWork, make_session_factory
from venuedesk.venue.loader import CatalogueDocuments, load_catalogue_documents

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)


@pytest.fixture
def docs() -> CatalogueDocuments:
    """The demo venue's catalogue documents."""
    return load_catalogue_documents()


@pytest.fixture
def bare_engine(database_url: str) -> Iterator[Engine]:
    """An engine on an empty database (no tables yet)."""
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def engine(bare_engine: Engine, docs: CatalogueDocuments) -> Engine:
    """An engine on a database migrated to head with the demo catalogue seeded."""
    upgrade(bare_engine)
    seed(bare_engine, docs)
    return bare_engine


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def make_uow(engine: Engine, clock: FrozenClock) -> Callable[[], UnitOfWork]:
    """A factory of units of work on the test database."""
    factory = make_session_factory(engine)
    return lambda: UnitOfWork(factory, clock)


@pytest.fixture
def statements(engine: Engine) -> list[str]:
    """Every statement SQLAlchemy sends from now on."""
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    return sent
