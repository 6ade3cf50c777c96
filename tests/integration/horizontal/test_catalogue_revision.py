"""Several processes serve one database, each with the venue it read at start: a catalogue seeded while they run
reaches every API process (the watch middleware) and every job runner (CatalogueDeps) within the check interval,
and `/readyz` answers 200 only at the newest revision."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import deps_for_engine
from venuedesk.jobs.catalogue_deps import CatalogueDeps
from venuedesk.store.catalogue import documents_from_db, seed
from venuedesk.store.catalogue_revision import RevisionWatch
from venuedesk.store.models import CatalogueInfoRow
from venuedesk.store.repositories.catalogue import CATALOGUE_INFO_ID
from venuedesk.store.uow import make_session_factory
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk

MANAGER = "mgr_catalogue_revision"
NOW = datetime(2026, 2, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))
AUTH = {"Authorization": f"Bearer {MANAGER}"}


def _seed_offer_auto(engine: Engine) -> None:
    """What `venuedesk db seed` does with a catalogue whose offers go out without review."""
    with Session(engine) as session:
        docs = documents_from_db(session)
    venue = dict(docs.venue, policies=dict(docs.venue["policies"],
                                          autonomy=dict(docs.venue["policies"]["autonomy"], offer="auto")))
    seed(engine, dataclasses.replace(docs, venue=venue))


def _break_catalogue(engine: Engine) -> None:
    """A new stored revision whose venue document cannot be read (as a hand edit of the table might leave it)."""
    with Session(engine) as session, session.begin():
        session.execute(update(CatalogueInfoRow).where(CatalogueInfoRow.id == CATALOGUE_INFO_ID)
                        .values(version="broken", data={"name": "no policies"}))


@pytest.fixture
def client(seeded_sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("VENUEDESK_CATALOGUE_CHECK_SECONDS", "0")
    desk = Desk(seeded_sqlite_engine, FrozenClock(NOW))
    app = create_app(desk, manager_token=MANAGER, settings=ServerSettings(home=tmp_path / "home"))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_catalogue_seeded_while_the_api_runs_is_served_by_the_next_request(
    client: TestClient, seeded_sqlite_engine: Engine
) -> None:
    assert client.get("/api/settings/autonomy", headers=AUTH).json()["offer"] == "review"
    _seed_offer_auto(seeded_sqlite_engine)
    assert client.get("/api/settings/autonomy", headers=AUTH).json()["offer"] == "auto"


def test_readyz_is_503_while_the_newest_revision_cannot_be_loaded(
    client: TestClient, seeded_sqlite_engine: Engine
) -> None:
    assert client.get("/readyz").status_code == 200
    _break_catalogue(seeded_sqlite_engine)
    answer = client.get("/readyz")
    assert answer.status_code == 503 and "catalogue" in answer.json()["error"]["message"]


def test_requests_keep_the_revision_in_hand_when_the_newest_cannot_be_loaded(
    client: TestClient, seeded_sqlite_engine: Engine
) -> None:
    _break_catalogue(seeded_sqlite_engine)
    assert client.get("/api/settings/autonomy", headers=AUTH).json()["offer"] == "review"


def test_the_watch_reads_the_stored_revision_at_most_once_per_interval(seeded_sqlite_engine: Engine) -> None:
    now = [0.0]
    seen: list[str | None] = []
    version = Desk(seeded_sqlite_engine, FrozenClock(NOW)).catalogue_version
    watch = RevisionWatch(make_session_factory(seeded_sqlite_engine), version,
                          lambda venue, new: seen.append(new), interval=5.0, monotonic=lambda: now[0])
    _seed_offer_auto(seeded_sqlite_engine)
    now[0] = 4.9
    watch.check()
    assert seen == []
    now[0] = 5.0
    watch.check()
    assert len(seen) == 1 and seen[0] != version


def test_jobs_run_on_the_newest_catalogue_revision(seeded_sqlite_engine: Engine) -> None:
    deps = CatalogueDeps(deps_for_engine(seeded_sqlite_engine), interval=0)
    assert deps.current().venue.policies.autonomy["offer"] == "review"
    _seed_offer_auto(seeded_sqlite_engine)
    assert deps.current().venue.policies.autonomy["offer"] == "auto"
