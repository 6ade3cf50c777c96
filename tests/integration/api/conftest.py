"""API fixtures: a Desk on a tmp SQLite file (copied from a migrated, seeded template), frozen clock, TestClient."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import MANAGER_TOKEN, NOW
from venuedesk.clock import FrozenClock
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk


@pytest.fixture
def engine(seeded_sqlite_engine: Engine) -> Engine:
    return seeded_sqlite_engine


@pytest.fixture
def desk(engine: Engine) -> Desk:
    return Desk(engine, FrozenClock(NOW))


@pytest.fixture
def client(desk: Desk, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(desk, manager_token=MANAGER_TOKEN, settings=ServerSettings(home=tmp_path / "home"))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
