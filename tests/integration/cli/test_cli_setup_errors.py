"""A database URL that cannot be used or reached ends every command with one line on stderr that says what is
wrong, where (the URL, its password hidden) and what to do, and exit code 2: never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from venuedesk.cli import app

PASSWORD = "s3cret-pw"
GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "scripts" / "01_happy_path_en.yaml"
COMMANDS = {
    "db upgrade": ["db", "upgrade"],
    "db seed": ["db", "seed"],
    "demo": ["demo"],
    "chat": ["chat"],
    "serve": ["serve", "--port", "0"],
    "run-script": ["run-script", str(GOLDEN)],
    "threads migrate": ["threads", "migrate", "thr_x", "--provider", "deterministic"],
}


def _run(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, url: str, command: list[str]):  # noqa: ANN202
    monkeypatch.setenv("VENUEDESK_DATABASE_URL", url)
    return runner.invoke(app, command, input="/state\n")


def _assert_one_clear_line(result, *phrases: str) -> str:  # noqa: ANN001
    """Exit 2, no traceback, the password nowhere, and one stderr line holding every phrase; returns it."""
    assert result.exit_code == 2, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert PASSWORD not in result.output
    lines = [line for line in result.stderr.splitlines() if all(phrase in line for phrase in phrases)]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_an_unreachable_postgresql_server_is_one_line_naming_the_url_without_its_password(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    url = f"postgresql+psycopg://anna:{PASSWORD}@127.0.0.1:1/venuedesk"

    result = _run(runner, monkeypatch, url, command)

    line = _assert_one_clear_line(result, "cannot open the database")
    assert "postgresql+psycopg://anna:***@127.0.0.1:1/venuedesk" in line
    assert "refused" in line.lower() and "VENUEDESK_DATABASE_URL" in line


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_an_unsupported_database_is_one_line_naming_what_would_work(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    result = _run(runner, monkeypatch, f"mysql://anna:{PASSWORD}@localhost/venuedesk", command)

    line = _assert_one_clear_line(result, "unsupported database 'mysql'")
    assert "mysql://anna:***@localhost/venuedesk" in line
    assert "sqlite:///" in line and "postgresql+psycopg://" in line


def test_a_url_that_does_not_parse_is_named_with_its_password_hidden(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(runner, monkeypatch, f"//anna:{PASSWORD}@db.example.com", ["db", "upgrade"])

    line = _assert_one_clear_line(result, "is not a database URL")
    assert "anna:***@db.example.com" in line and "sqlite:///" in line


def test_a_postgresql_driver_that_is_not_installed_says_which_url_works(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(runner, monkeypatch, f"postgresql+pg8000://anna:{PASSWORD}@localhost/x", ["db", "upgrade"])

    line = _assert_one_clear_line(result, "cannot load the database driver 'postgresql+pg8000'")
    assert "postgresql+psycopg://" in line


def test_a_sqlite_file_in_a_missing_folder_says_to_check_the_folder(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'folder' / 'venuedesk.sqlite3'}"

    result = _run(runner, monkeypatch, url, ["chat"])

    line = _assert_one_clear_line(result, "cannot open the database")
    assert "missing/folder" in line and "folder exists and is writable" in line


def test_db_upgrade_prints_the_url_it_migrated_without_the_password(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from venuedesk.cli import _safe_url

    assert _safe_url(f"postgresql+psycopg://anna:{PASSWORD}@db/x") == "postgresql+psycopg://anna:***@db/x"
