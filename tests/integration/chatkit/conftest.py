"""ChatKit fixtures: a migrated, seeded database per backend, a Desk with a frozen clock, the ChatKit server, and an
HTTP client of `POST /chatkit`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chatkit_helpers import NOW
from venuedesk.clock import FrozenClock
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.transports.chatkit.router import build_chatkit_router
from venuedesk.transports.chatkit.server import VenueChatKitServer
from venuedesk.venue.loader import CatalogueDocuments, load_catalogue_documents
from venuedesk.workflow.desk import Desk


@pytest.fixture(scope="session")
def demo_catalogue() -> CatalogueDocuments:
    return load_catalogue_documents()


@pytest.fixture
def engine(database_url: str, demo_catalogue: CatalogueDocuments) -> Iterator[Engine]:
    """The database migrated to head (0003 included) and seeded with the demo venue."""
    engine = make_engine(database_url)
    upgrade(engine)
    seed(engine, demo_catalogue)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def desk(engine: Engine) -> Desk:
    return Desk(engine, FrozenClock(NOW), id_seed=0)


@pytest.fixture
def client(desk: Desk) -> TestClient:
    """`POST /chatkit` over HTTP: the ChatKit router alone on an app over the test's desk."""
    app = FastAPI()
    app.include_router(build_chatkit_router(desk))
    return TestClient(app)


@pytest.fixture
def server(desk: Desk) -> VenueChatKitServer:
    return VenueChatKitServer(desk)
