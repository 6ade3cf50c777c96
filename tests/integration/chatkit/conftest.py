"""ChatKit fixtures: a migrated, seeded database per backend, a Desk with a frozen clock, the ChatKit server, and an
HTTP client of `POST /chatkit`."""

from __future__ import annotations


import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chatkit_helpers import NOW
from venuedesk.clock import FrozenClock
from venuedesk.transports.chatkit.router import build_chatkit_router
from venuedesk.transports.chatkit.server import VenueChatKitServer
from venuedesk.workflow.desk import Desk


@pytest.fixture
def engine(seeded_engine: Engine) -> Engine:
    """The database migrated to head and seeded with the demo venue, per backend."""
    return seeded_engine


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
