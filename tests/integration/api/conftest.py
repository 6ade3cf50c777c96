"""API fixtures: a Desk on a tmp SQLite file (copied from a migrated, seeded template), frozen clock, TestClient."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import MANAGER_TOKEN, NOW
from venuedesk.clock import FrozenClock
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk


@pytest.fixture(scope="session")
def api_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated and seeded once per session."""
    path = tmp_path_factory.mktemp("api-template") / "venuedesk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    seed(engine, load_catalogue_documents())
    engine.dispose()
    return path


@pytest.fixture
def engine(api_template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "api.sqlite3"
    shutil.copyfile(api_template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def desk(engine: Engine) -> Desk:
    return Desk(engine, FrozenClock(NOW))


@pytest.fixture
def client(desk: Desk, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(desk, manager_token=MANAGER_TOKEN, settings=ServerSettings(home=tmp_path / "home"))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
