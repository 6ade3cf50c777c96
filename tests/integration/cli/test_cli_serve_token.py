"""`venuedesk serve` refuses a weak or empty VENUEDESK_MANAGER_TOKEN at start-up, in one line naming the variable and
how to make a strong one; a generated token file is fine."""

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
    monkeypatch.delenv("VENUEDESK_MANAGER_TOKEN", raising=False)
    monkeypatch.delenv("VENUEDESK_DATABASE_URL", raising=False)
    configs: list[uvicorn.Config] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, sockets=None: configs.append(server.config))
    return configs


@pytest.mark.parametrize("token", ["", "secret", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])
def test_a_weak_manager_token_stops_serve_in_one_line(started: list[uvicorn.Config], token: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUEDESK_MANAGER_TOKEN", token)
    result = CliRunner().invoke(app, ["serve", "--port", "0"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("VENUEDESK_MANAGER_TOKEN ") and "secrets.token_urlsafe" in result.output
    assert started == []


def test_the_generated_token_file_serves(started: list[uvicorn.Config], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "manager_token").exists() and len(started) == 1
