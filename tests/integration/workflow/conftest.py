"""Service-layer fixtures: a migrated, seeded database per backend and a Desk on it with a frozen clock."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from venuedesk.clock import FrozenClock
from venuedesk.workflow.desk import Desk
from workflow_helpers import NOW


@pytest.fixture
def engine(seeded_engine: Engine) -> Engine:
    """The database migrated to head and seeded with the demo venue (what `ensure_ready` does), per backend."""
    return seeded_engine


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def desk(engine: Engine, clock: FrozenClock) -> Desk:
    return Desk(engine, clock, id_seed=0)


@pytest.fixture
def thread_id(desk: Desk) -> str:
    return desk.open_thread(thread_id="thr-1").thread_id
