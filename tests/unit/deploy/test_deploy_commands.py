"""The production files in deploy/ (systemd units, Procfile, Containerfile) run only `venuedesk` commands that
exist, with options those commands accept: each command line is parsed by the CLI itself, without running it."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from typing import Any

import pytest
import typer
from typer.core import TyperCommand, TyperGroup

from venuedesk.cli import app

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
SAMPLE = {"%i": "8001", "$PORT": "8000"}  # what systemd and the Procfile host put in place of the placeholders


def _filled(line: str) -> str:
    for placeholder, value in SAMPLE.items():
        line = line.replace(placeholder, value)
    return line


def _venuedesk_args(command: str) -> list[str]:
    words = shlex.split(_filled(command))
    assert Path(words[0]).name == "venuedesk", f"not a venuedesk command: {command}"
    return words[1:]


def commands() -> list[tuple[str, list[str]]]:
    """(where, the arguments after `venuedesk`) of every command line in deploy/."""
    found = []
    for unit in sorted(DEPLOY.glob("*.service")):
        for line in unit.read_text(encoding="utf-8").splitlines():
            if line.startswith("ExecStart="):
                found.append((unit.name, _venuedesk_args(line.removeprefix("ExecStart="))))
    for line in (DEPLOY / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.strip():
            kind, command = line.split(":", 1)
            found.append((f"Procfile {kind}", _venuedesk_args(command)))
    container = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    entrypoint = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", container, re.M).group(1))  # type: ignore[union-attr]
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", container, re.M).group(1))  # type: ignore[union-attr]
    found.append(("Containerfile", _venuedesk_args(shlex.join(entrypoint + cmd))))
    return found


def _parse(args: list[str]) -> Any:
    """The CLI command `args` name, after it parsed all its options (a bad one raises the CLI's usage error)."""
    command: Any = typer.main.get_command(app)
    remaining = list(args)
    while isinstance(command, TyperGroup):
        name = remaining.pop(0)
        sub = command.get_command(command.make_context("venuedesk", [name], resilient_parsing=True), name)
        assert sub is not None, f"`venuedesk` has no command {name!r}"
        command = sub
    assert isinstance(command, TyperCommand), f"{args} names no command"
    command.make_context(command.name or "", remaining)
    return command


@pytest.mark.parametrize(("where", "args"), commands(), ids=lambda value: str(value))
def test_every_deploy_command_is_a_venuedesk_command_with_options_it_accepts(where: str, args: list[str]) -> None:
    _parse(args)


def test_the_units_and_the_procfile_each_run_the_api_the_worker_and_the_migrations() -> None:
    def kinds(prefix: str) -> set[str]:
        return {" ".join(args[:2]) if args[0] == "db" else args[0]
                for where, args in commands() if where.startswith(prefix)}

    assert kinds("venuedesk-") == {"serve", "worker", "db upgrade"}
    assert kinds("Procfile") == {"serve", "worker", "db upgrade"}


def test_a_misspelt_option_is_refused_by_the_check() -> None:
    with pytest.raises(Exception, match="No such option: --graceful-timeuot"):
        _parse(["serve", "--graceful-timeuot", "20"])


def test_a_command_that_does_not_exist_is_refused_by_the_check() -> None:
    with pytest.raises(AssertionError, match="no command 'upgrade'"):
        _parse(["upgrade"])
