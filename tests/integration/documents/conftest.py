"""Document fixtures: a Desk on a tmp SQLite file (copied from a migrated, seeded template) and a frozen clock."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from offer_pdf_helpers import NOW
from venuedesk.clock import FrozenClock
from venuedesk.workflow.desk import Desk


@pytest.fixture
def desk(seeded_sqlite_engine: Engine) -> Desk:
    return Desk(seeded_sqlite_engine, FrozenClock(NOW))
