"""Mail fixtures: a Desk on a tmp SQLite file (copied from a migrated, seeded template), a frozen clock, the
mail settings of a venue at venue.example and a VENUEDESK_HOME for attachments."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from mail_helpers import NOW, SETTINGS
from venuedesk.clock import FrozenClock
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.workflow.desk import Desk


@pytest.fixture
def engine(seeded_sqlite_engine: Engine) -> Engine:
    return seeded_sqlite_engine


@pytest.fixture
def desk(engine: Engine) -> Desk:
    return Desk(engine, FrozenClock(NOW))


@pytest.fixture
def settings() -> MailSettings:
    return SETTINGS


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"
