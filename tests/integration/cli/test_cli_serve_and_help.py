"""`venuedesk serve` binds its port before it says it is serving: a busy port or a malformed catalogue is one
line and exit 2 with no "serving" line; `--help` of every command shows no `<bool>` for flags; `demo` plays
on the database VENUEDESK_DATABASE_URL names."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

import venuedesk
from venuedesk.cli import app

DEMO_CATALOGUE = Path(venuedesk.__file__).parent / "venue" / "data"
SRC = Path(venuedesk.__file__).resolve().parents[1]
REPO = Path(__file__).resolve().parents[3]


def _serve(args: list[str], env_extra: dict[str, str] | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
           **(env_extra or {})}
    return subprocess.Popen([sys.executable, "-m", "venuedesk.cli", "serve", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _plain_lines(stderr: str) -> list[str]:
    """stderr without the JSON log lines."""
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith("{")]


@pytest.fixture
def busy_port() -> Iterator[int]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    yield listener.getsockname()[1]
    listener.close()


def test_serve_on_a_busy_port_says_so_in_one_line_and_never_claims_to_serve(home: Path, busy_port: int) -> None:
    process = _serve(["--port", str(busy_port)])
    _out, err = process.communicate(timeout=60)

    assert process.returncode == 2, err
    assert _plain_lines(err) == [
        f"cannot serve on 127.0.0.1:{busy_port}: the port is already in use (another server listens there); "
        "stop it or choose another port: venuedesk serve --port 8100 (make run PORT=8100)"]
    assert "serving" not in err and "Traceback" not in err


def test_serve_with_a_malformed_catalogue_names_file_line_and_field_in_one_line(
        home: Path, tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(DEMO_CATALOGUE, catalogue)
    rooms = catalogue / "rooms.yaml"
    rooms.write_text(rooms.read_text(encoding="utf-8").replace("    min_guests: 20", "    min_guests: many", 1),
                     encoding="utf-8")

    process = _serve(["--port", "0"], {"VENUEDESK_CATALOGUE_DIR": str(catalogue)})
    _out, err = process.communicate(timeout=60)

    assert process.returncode == 2, err
    [line] = _plain_lines(err)
    assert line.startswith(f"catalogue error: the venue catalogue in {catalogue} (VENUEDESK_CATALOGUE_DIR)")
    assert "rooms.yaml line" in line and "rooms[1].min_guests" in line and "fix it" in line
    assert "serving" not in err and "Traceback" not in err


def test_serve_on_port_0_prints_the_port_it_listens_on_and_answers_there(home: Path) -> None:
    process = _serve(["--port", "0"], {"VENUEDESK_MANAGER_TOKEN": "mgr_cli_test_4Hd8Pq2Zs6Wm1Yc9Lk3T"})
    try:
        line = ""
        deadline = time.monotonic() + 60
        while "serving" not in line and time.monotonic() < deadline:
            line = process.stderr.readline()
        address = line.split(" on ", 1)[1].split(" ", 1)[0]
        assert address.startswith("http://127.0.0.1:") and not address.endswith(":0"), line
        deadline = time.monotonic() + 60  # start-up after the "serving" line can take seconds on a loaded machine
        while True:
            try:
                with urllib.request.urlopen(f"{address}/healthz", timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"nothing answered at {address} within 60 s")
                time.sleep(0.1)
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _commands(group, prefix: tuple[str, ...] = ()):  # noqa: ANN001, ANN202
    """Every command path of the click tree, the groups included."""
    yield prefix
    for name, command in getattr(group, "commands", {}).items():
        yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", list(_commands(typer.main.get_command(app))),
                         ids=lambda path: " ".join(path) or "venuedesk")
def test_help_shows_no_bool_placeholder_for_flags(runner: CliRunner, path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "160"})

    assert result.exit_code == 0, result.output
    assert "--help" in result.output
    assert "<bool>" not in result.output


def test_serve_help_still_shows_the_value_types_of_options_that_take_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "160"})
    assert "<int range>" in result.output and "--reload" in result.output and "--no-reload" in result.output


def _demo_threads(path: Path) -> list[str]:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id FROM threads WHERE channel = 'demo'")).scalars().all()
    engine.dispose()
    return list(rows)


def test_demo_plays_on_the_database_venuedesk_database_url_names(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo"])

    assert result.exit_code == 0, result.output
    [thread] = _demo_threads(tmp_path / "cli.sqlite3")
    assert f"(thread {thread})" in result.stdout


def test_demo_runs_again_on_the_same_database_and_picks_a_free_date(runner: CliRunner, tmp_path: Path) -> None:
    first = runner.invoke(app, ["demo"])
    second = runner.invoke(app, ["demo"])

    assert first.exit_code == second.exit_code == 0, second.output
    assert "ended with a Confirmed booking" in second.stdout
    assert len(_demo_threads(tmp_path / "cli.sqlite3")) == 2


def _make_run_line(*variables: str) -> str:
    """The `venuedesk serve` line `make run` would execute (make -n), with PORT/HOST unset in the environment."""
    env = {key: value for key, value in os.environ.items() if key not in ("PORT", "HOST", "MAKEFLAGS")}
    result = subprocess.run(["make", "-n", "--no-print-directory", "run", *variables], cwd=REPO,
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if "venuedesk serve" in line)


def test_make_run_passes_port_and_host_to_serve() -> None:
    assert _make_run_line("PORT=8100", "HOST=0.0.0.0").endswith("venuedesk serve --host 0.0.0.0 --port 8100")


def test_make_run_defaults_to_loopback_port_8000() -> None:
    assert _make_run_line().endswith("venuedesk serve --host 127.0.0.1 --port 8000")
