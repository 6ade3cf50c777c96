"""`venuedesk users` (docs/accounts.md): create prints a personal token once and stores only its digest; list,
token and disable work on the same database."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from venuedesk.cli import app
from venuedesk.store.token_hash import token_digest

PASSWORD = "a long enough passphrase\n"
TOKEN = re.compile(r"(vdp_[A-Za-z0-9_-]+)")


def _token(output: str) -> str:
    match = TOKEN.search(output)
    assert match, output
    return match.group(1)


def _stored_digests(tmp_path: Path) -> list[str]:
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT token_hash FROM user_tokens WHERE revoked_at IS NULL")).scalars()
        digests = list(rows)
    engine.dispose()
    return digests


def test_users_create_prints_a_personal_token_once_and_stores_its_digest(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["users", "create", "--email", "Olga@Venue.example", "--role", "owner",
                                 "--password-stdin"], input=PASSWORD)
    assert result.exit_code == 0, result.output
    assert "created owner olga@venue.example" in result.output
    assert _stored_digests(tmp_path) == [token_digest(_token(result.output))]


def test_creating_an_owner_says_the_shared_manager_token_no_longer_works(runner: CliRunner) -> None:
    result = runner.invoke(app, ["users", "create", "--email", "olga@venue.example", "--role", "owner",
                                 "--password-stdin"], input=PASSWORD)
    assert "shared manager token" in result.output and "no longer opens" in result.output


def test_users_list_shows_each_account_with_its_role(runner: CliRunner) -> None:
    for email, role in (("olga@venue.example", "owner"), ("vera@venue.example", "viewer")):
        assert runner.invoke(app, ["users", "create", "--email", email, "--role", role, "--password-stdin"],
                             input=PASSWORD).exit_code == 0
    listed = runner.invoke(app, ["users", "list"])
    assert listed.exit_code == 0, listed.output
    assert [line.split("\t")[:2] for line in listed.output.splitlines()] == [
        ["olga@venue.example", "owner"], ["vera@venue.example", "viewer"]]


def test_users_token_replaces_the_personal_token(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["users", "create", "--email", "max@venue.example", "--password-stdin"], input=PASSWORD)
    result = runner.invoke(app, ["users", "token", "--email", "max@venue.example"])
    assert result.exit_code == 0, result.output
    assert _stored_digests(tmp_path) == [token_digest(_token(result.output))]


def test_users_disable_ends_every_token_of_the_account(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["users", "create", "--email", "max@venue.example", "--password-stdin"], input=PASSWORD)
    result = runner.invoke(app, ["users", "disable", "--email", "max@venue.example"])
    assert result.exit_code == 0, result.output
    assert _stored_digests(tmp_path) == []
    assert "disabled" in runner.invoke(app, ["users", "list"]).output


def test_users_enable_lets_a_disabled_account_sign_in_again(runner: CliRunner) -> None:
    runner.invoke(app, ["users", "create", "--email", "max@venue.example", "--password-stdin"], input=PASSWORD)
    runner.invoke(app, ["users", "disable", "--email", "max@venue.example"])
    result = runner.invoke(app, ["users", "enable", "--email", "max@venue.example"])
    assert result.exit_code == 0, result.output
    assert "enabled max@venue.example" in result.output
    assert "max@venue.example" in runner.invoke(app, ["users", "list"]).output
    assert "disabled" not in runner.invoke(app, ["users", "list"]).output


def test_a_short_password_is_refused_in_one_line(runner: CliRunner) -> None:
    result = runner.invoke(app, ["users", "create", "--email", "max@venue.example", "--password-stdin"],
                           input="short\n")
    assert result.exit_code == 2
    assert "at least 12 characters" in result.output


def test_an_unknown_role_is_refused_naming_the_roles(runner: CliRunner) -> None:
    result = runner.invoke(app, ["users", "create", "--email", "max@venue.example", "--role", "admin",
                                 "--password-stdin"], input=PASSWORD)
    assert result.exit_code == 2
    assert "owner, manager, viewer" in result.output


def test_the_last_owner_cannot_be_disabled_from_the_command_line(runner: CliRunner) -> None:
    runner.invoke(app, ["users", "create", "--email", "olga@venue.example", "--role", "owner", "--password-stdin"],
                  input=PASSWORD)
    result = runner.invoke(app, ["users", "disable", "--email", "olga@venue.example"])
    assert result.exit_code == 2 and "last enabled owner" in result.output
