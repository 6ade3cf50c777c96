"""Mail fixtures: a Desk on a tmp SQLite file (copied from a migrated, seeded template), a frozen clock, the
mail settings of a venue at venue.example and a VENUEDESK_HOME for attachments."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mail_helpers import NOW, SETTINGS
from venuedesk.clock import FrozenClock
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk


@pytest.fixture(scope="session")
def mail_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated and seeded once per session."""
    path = tmp_path_factory.mktemp("mail-template") / "venuedesk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    seed(engine, load_catalogue_documents())
    engine.dispose()
    return path


@pytest.fixture
def engine(mail_template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "mail.sqlite3"
    shutil.copyfile(mail_template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def desk(engine: Engine) -> Desk:
    return Desk(engine, FrozenClock(NOW))


@pytest.fixture
def settings() -> MailSettings:
    return SETTINGS


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"
