"""`venuedesk` starts fast and lists its commands; `db upgrade` / `db seed` are idempotent and a broken
catalogue is named precisely."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import venuedesk
from venuedesk.cli import app

DEMO_CATALOGUE = Path(venuedesk.__file__).parent / "venue" / "data"
SEED_REPORT = re.compile(r"(\d+) inserted, (\d+) updated, (\d+) unchanged, (\d+) deleted")


def _seed_counts(output: str) -> dict[str, int]:
    match = SEED_REPORT.search(output)
    assert match, output
    return dict(zip(("inserted", "updated", "unchanged", "deleted"), map(int, match.groups()), strict=True))


def test_help_lists_every_command(home: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "venuedesk.cli", "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    for command in ("chat", "run-script", "demo", "db"):
        assert command in result.stdout


def test_db_help_lists_upgrade_and_seed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["db", "--help"])
    assert result.exit_code == 0
    assert "upgrade" in result.output and "seed" in result.output


def test_importing_the_cli_does_not_import_sqlalchemy(home: Path) -> None:
    heavy = ("sqlalchemy", "alembic", "venuedesk.workflow")
    probe = f"import sys, venuedesk.cli; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_db_upgrade_reports_the_database_it_migrated(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output and "cli.sqlite3" in result.output
    assert (tmp_path / "cli.sqlite3").exists()


def test_first_seed_inserts_the_demo_catalogue(runner: CliRunner) -> None:
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["db", "seed"])
    assert result.exit_code == 0, result.output
    counts = _seed_counts(result.output)
    assert counts["inserted"] > 0 and counts["updated"] == counts["deleted"] == 0


def test_seeding_twice_changes_nothing_the_second_time(runner: CliRunner) -> None:
    runner.invoke(app, ["db", "upgrade"])
    first = _seed_counts(runner.invoke(app, ["db", "seed"]).output)

    second = runner.invoke(app, ["db", "seed"])

    assert second.exit_code == 0, second.output
    expected = {"inserted": 0, "updated": 0, "unchanged": first["inserted"], "deleted": 0}
    assert _seed_counts(second.output) == expected


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A copy of the demo catalogue to break."""
    folder = tmp_path / "catalogue"
    shutil.copytree(DEMO_CATALOGUE, folder)
    return folder


def _break(path: Path, old: str, new: str) -> int:
    """Replace the first `old` line in the file; returns its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.rstrip("\n") == old)
    lines[number] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return number + 1


def test_seed_from_a_catalogue_folder_with_a_bad_field_exits_2_naming_file_line_and_field(
    runner: CliRunner, catalogue: Path
) -> None:
    line = _break(catalogue / "rooms.yaml", "    min_guests: 20", "    min_guests: many")

    result = runner.invoke(app, ["db", "seed", "--catalogue", str(catalogue)])

    assert result.exit_code == 2
    assert f"rooms.yaml line {line}" in result.stderr
    assert "rooms[1].min_guests" in result.stderr


def test_seed_with_a_bad_amount_names_the_field_and_the_value(runner: CliRunner, catalogue: Path) -> None:
    line = _break(catalogue / "rooms.yaml", '    full_day: "750"', '    full_day: "seven"')

    result = runner.invoke(app, ["db", "seed", "--catalogue", str(catalogue)])

    assert result.exit_code == 2
    assert f"rooms.yaml line {line}: rooms[1].full_day" in result.stderr
    assert "'seven'" in result.stderr


def test_seed_with_broken_yaml_exits_2_naming_the_file(runner: CliRunner, catalogue: Path) -> None:
    (catalogue / "rooms.yaml").write_text("rooms:\n  - id: [room-a\n", encoding="utf-8")

    result = runner.invoke(app, ["db", "seed", "--catalogue", str(catalogue)])

    assert result.exit_code == 2
    assert "rooms.yaml line" in result.stderr and "YAML" in result.stderr


def test_a_failed_seed_leaves_the_catalogue_as_it_was(runner: CliRunner, catalogue: Path) -> None:
    runner.invoke(app, ["db", "seed"])
    _break(catalogue / "rooms.yaml", "    min_guests: 20", "    min_guests: many")
    runner.invoke(app, ["db", "seed", "--catalogue", str(catalogue)])

    again = runner.invoke(app, ["db", "seed"])

    assert _seed_counts(again.output)["inserted"] == _seed_counts(again.output)["updated"] == 0


def test_an_invalid_clock_exits_2_naming_the_variable(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENUEDESK_CLOCK", "next monday")

    result = runner.invoke(app, ["demo"])

    assert result.exit_code == 2
    assert "VENUEDESK_CLOCK" in result.stderr and "2026-02-02T09:00:00+01:00" in result.stderr
