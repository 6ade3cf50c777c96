"""Each venue's own catalogue (docs/tenancy.md): a venue's desk serves its catalogue, and a re-seed of it while the
app runs reaches that venue's desk at its next request, without touching another venue's."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.store.catalogue import seed
from venuedesk.store.venues import add_venue
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.transports.venues import VenueDesks
from venuedesk.venue.loader import CatalogueDocuments, load_catalogue_documents
from venuedesk.workflow.desk import Desk

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)


def _named(docs: CatalogueDocuments, name: str) -> CatalogueDocuments:
    return dataclasses.replace(docs, venue={**docs.venue, "name": name})


@pytest.fixture
def client(seeded_sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("VENUEDESK_CATALOGUE_CHECK_SECONDS", "0")
    add_venue(seeded_sqlite_engine, "beta", "Beta Hall", NOW)
    seed(seeded_sqlite_engine, _named(load_catalogue_documents(None), "Beta Hall"), venue_id="beta")
    app = create_app(Desk(seeded_sqlite_engine, FrozenClock(NOW)), manager_token="mgr_" + "x" * 40,
                     settings=ServerSettings(home=tmp_path / "home"))
    with TestClient(app) as test_client:
        yield test_client


def _venues(client: TestClient) -> VenueDesks:
    return client.app.state.venues  # type: ignore[attr-defined,no-any-return]


def test_each_venues_desk_serves_its_own_catalogue(client: TestClient) -> None:
    assert client.get("/v/beta/healthz").status_code == 200
    beta = _venues(client).get("beta")
    assert beta is not None and beta.venue.name == "Beta Hall" and _venues(client).default.venue.name != "Beta Hall"


def test_a_reseed_of_a_venue_reaches_its_desk_at_its_next_request(client: TestClient) -> None:
    client.get("/v/beta/healthz")
    engine = _venues(client).default.engine
    seed(engine, _named(load_catalogue_documents(None), "Beta Hall Renamed"), venue_id="beta")
    client.get("/v/beta/healthz")
    beta = _venues(client).get("beta")
    assert beta is not None and beta.venue.name == "Beta Hall Renamed"
    assert _venues(client).default.venue.name != "Beta Hall Renamed"
