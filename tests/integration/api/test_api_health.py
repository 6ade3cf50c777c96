"""Liveness and readiness, and how create_app mounts the optional UI routers."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import MANAGER_TOKEN, NOW
from venuedesk.clock import FrozenClock
from venuedesk.store.db import make_engine, upgrade
from venuedesk.transports import app as app_module
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def _app(desk: Desk, tmp_path: Path) -> TestClient:
    return TestClient(create_app(desk, manager_token=MANAGER_TOKEN, settings=ServerSettings(home=tmp_path)))


def test_readyz_is_503_when_the_schema_is_behind(desk: Desk, engine: Engine, tmp_path: Path) -> None:
    with _app(desk, tmp_path) as client:
        assert client.get("/readyz").status_code == 200
        upgrade_to_base(engine)
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "not_ready"
        assert "venuedesk db upgrade" in response.json()["error"]["message"]
        assert client.get("/healthz").status_code == 200


def test_readyz_is_503_when_the_database_is_unreachable(desk: Desk, tmp_path: Path) -> None:
    desk.engine = make_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'nope.sqlite3'}")
    with _app(desk, tmp_path) as client:
        response = client.get("/readyz")
    assert response.status_code == 503 and "unreachable" in response.json()["error"]["message"]


def upgrade_to_base(engine: Engine) -> None:
    """Downgrade the database to an empty schema (Alembic base)."""
    from alembic import command

    from venuedesk.store.db import alembic_config

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")


def test_fresh_unmigrated_file_is_not_ready(desk: Desk, tmp_path: Path) -> None:
    desk.engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    with _app(desk, tmp_path) as client:
        assert client.get("/readyz").status_code == 503
    upgrade(desk.engine)
    with _app(desk, tmp_path) as client:
        assert client.get("/readyz").status_code == 200


def test_optional_uis_are_mounted_when_present(desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_chatkit(got: Desk) -> APIRouter:
        router = APIRouter()
        router.add_api_route("/chatkit/ping", lambda: {"desk": got is desk})
        return router

    def fake_web() -> APIRouter:
        router = APIRouter()
        router.add_api_route("/manager", lambda: {"page": "manager"})
        return router

    builders = {"build_chatkit_router": fake_chatkit, "build_web_router": fake_web}
    monkeypatch.setattr(app_module, "_optional", lambda _module, attr: builders[attr])
    with _app(desk, tmp_path) as client:
        assert client.get("/chatkit/ping").json() == {"desk": True}
        assert client.get("/manager").json() == {"page": "manager"}
        assert client.app.state.ui == {"chatkit": True, "web": True}


def test_the_real_chatkit_endpoint_is_served_at_slash_chatkit(desk: Desk, tmp_path: Path) -> None:
    with _app(desk, tmp_path) as client:
        response = client.post("/chatkit", json={"type": "threads.get_by_id", "params": {"thread_id": "thr_x"}})
        assert response.status_code == 401
        assert "/chatkit" in client.get("/openapi.json").json()["paths"]


def test_missing_uis_are_logged_and_the_api_still_works(desk: Desk, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(app_module, "OPTIONAL_UIS", {
        "chatkit": ("venuedesk.transports.no_such_chatkit.router", "build_chatkit_router"),
        "web": ("venuedesk.transports.no_such_web.router", "build_web_router")})
    with caplog.at_level("WARNING"), _app(desk, tmp_path) as client:
        assert client.get("/healthz").status_code == 200
        assert client.app.state.ui == {"chatkit": False, "web": False}
    record = next(r for r in caplog.records if "UI parts not installed" in r.getMessage())
    assert record.missing == ["chatkit", "web"]


def test_desk_is_built_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUEDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    monkeypatch.setenv("VENUEDESK_CLOCK", NOW.isoformat())
    monkeypatch.setenv("VENUEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VENUEDESK_MANAGER_TOKEN", MANAGER_TOKEN)
    app = create_app()
    assert isinstance(app.state.desk.clock, FrozenClock) and app.state.desk.clock.now() == NOW
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 200
        assert client.post("/api/threads").status_code == 201
