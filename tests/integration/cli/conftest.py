"""CLI fixtures: every command runs against state under tmp_path with the venue clock frozen."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

CLOCK = "2026-02-02T09:00:00+01:00"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """VENUEDESK_HOME and a SQLite VENUEDESK_DATABASE_URL inside tmp_path, clock frozen, default catalogue."""
    home = tmp_path / "home"
    monkeypatch.setenv("VENUEDESK_HOME", str(home))
    monkeypatch.setenv("VENUEDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("VENUEDESK_CLOCK", CLOCK)
    monkeypatch.delenv("VENUEDESK_CATALOGUE_DIR", raising=False)
    return home


@pytest.fixture
def runner(home: Path) -> CliRunner:
    return CliRunner()
