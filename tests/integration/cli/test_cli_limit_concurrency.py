"""`venuedesk serve --limit-concurrency N` hands N to uvicorn (503 beyond N requests in progress per process)."""

from __future__ import annotations

from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from venuedesk.cli import app


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[uvicorn.Config]:
    """The uvicorn configs `serve` would run (the server itself is not started)."""
    monkeypatch.setenv("VENUEDESK_HOME", str(tmp_path))
    monkeypatch.setenv("VENUEDESK_MANAGER_TOKEN", "mgr_limit_test_9f2Kq7Lw3Xz8Rt5Vb1Nc")
    monkeypatch.delenv("VENUEDESK_DATABASE_URL", raising=False)
    configs: list[uvicorn.Config] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, sockets=None: configs.append(server.config))
    return configs


def test_limit_concurrency_reaches_uvicorn(started: list[uvicorn.Config]) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "0", "--limit-concurrency", "16"])
    assert result.exit_code == 0, result.output
    assert [config.limit_concurrency for config in started] == [16]


def test_without_the_option_uvicorn_has_no_limit(started: list[uvicorn.Config]) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert [config.limit_concurrency for config in started] == [None]
