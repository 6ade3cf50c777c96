"""`venuedesk worker` runs the jobs on PostgreSQL; its help is fast and procrastinate is imported only when a
worker really starts."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from venuedesk.cli import app


def test_worker_help_names_its_options_without_importing_procrastinate(home: Path) -> None:
    probe = ("import sys; from venuedesk.cli import app\n"
             "try:\n    app(['worker', '--help'])\nexcept SystemExit:\n    pass\n"
             "print('IMPORTED' if 'procrastinate' in sys.modules else 'LAZY')")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert "--every" in result.stdout and "--concurrency" in result.stdout
    assert result.stdout.strip().endswith("LAZY")
    assert elapsed < 10, f"`venuedesk worker --help` took {elapsed:.1f} s"


def test_help_lists_the_worker_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "worker" in result.output


def test_worker_on_sqlite_exits_2_saying_serve_runs_the_jobs(runner: CliRunner) -> None:
    result = runner.invoke(app, ["worker"])
    assert result.exit_code == 2
    assert "PostgreSQL" in result.output and "venuedesk serve" in result.output


def test_worker_refuses_an_interval_outside_one_to_fifty_nine_seconds(runner: CliRunner) -> None:
    result = runner.invoke(app, ["worker", "--every", "60"])
    assert result.exit_code == 2 and "--every" in result.output
