"""`venuedesk users`: manager accounts (docs/accounts.md): create one (the first owner ends the bootstrap token),
list them, give one a new personal token, disable one or enable it again. A token is printed once and never stored
in clear."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import typer

from venuedesk.cli_support import VenuedeskCommand, VenuedeskGroup

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

T = TypeVar("T")
users_app = typer.Typer(help="Manager accounts: owner, manager or viewer, each with a personal API token.",
                        no_args_is_help=True, cls=VenuedeskGroup)


_chosen = {"venue": "default"}
"""The venue --venue named for this command (set by the group's callback, which runs before each command)."""


@users_app.callback()
def users_venue(
    venue: str = typer.Option("default", help="The venue whose accounts these are (`venuedesk venues list`)."),
) -> None:
    """Manager accounts of one venue (the default venue unless --venue names another)."""
    _chosen["venue"] = venue


def _in_session(work: Callable[[Session, datetime], T]) -> T:
    """Run `work` in one committed transaction on VENUEDESK_DATABASE_URL (migrated first) at the venue clock's now,
    scoped to the venue --venue named; an account problem or an unknown venue ends the command with one line and
    exit 2."""
    from venuedesk.accounts.passwords import WeakPassword
    from venuedesk.accounts.service import AccountError
    from venuedesk.clock import clock_from_env
    from venuedesk.store.db import database_url_from_env, ensure_ready
    from venuedesk.store.uow import make_session_factory
    from venuedesk.store.venues import venue_exists

    venue = _chosen["venue"]
    engine = ensure_ready(database_url_from_env())
    if not venue_exists(engine, venue):
        engine.dispose()
        typer.echo(f"venuedesk users: no venue {venue!r}; `venuedesk venues list` shows them", err=True)
        raise typer.Exit(2)
    try:
        with make_session_factory(engine, venue)() as session:
            result = work(session, clock_from_env().now())
            session.commit()
        return result
    except (AccountError, WeakPassword) as exc:
        typer.echo(f"venuedesk users: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("create", cls=VenuedeskCommand)
def users_create(
    email: str = typer.Option(..., help="The account's email, its login."),
    role: str = typer.Option("manager", help="owner, manager (decides and changes settings) or viewer (reads)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from the first line "
                                        "of standard input instead of prompting."),
) -> None:
    """Create an account and print its personal API token once; the first owner ends the shared manager token."""
    from venuedesk.accounts.service import create_user

    password = _password(password_stdin)
    issued = _in_session(lambda session, now: create_user(session, email, role, password, now))
    typer.echo(f"created {issued.account.role} {issued.account.actor}")
    typer.echo(f"personal token (shown once, send it as `Authorization: Bearer <token>`): {issued.token}")
    if issued.account.role == "owner":
        typer.echo("an owner account exists: the shared manager token (VENUEDESK_MANAGER_TOKEN or "
                   "$VENUEDESK_HOME/manager_token) no longer opens the manager API (docs/accounts.md)")


@users_app.command("list", cls=VenuedeskCommand)
def users_list() -> None:
    """Every account: email, role, created, and whether it is disabled."""
    from venuedesk.accounts.service import users

    rows = _in_session(lambda session, _now: [(row.email, row.role, row.created_at, row.disabled_at)
                                               for row in users(session)])
    if not rows:
        typer.echo("no accounts yet: `venuedesk users create --email you@example.com --role owner`")
    for email, role, created, disabled in rows:
        state = f"disabled {disabled.isoformat()}" if disabled is not None else "active"
        typer.echo(f"{email}\t{role}\tcreated {created.isoformat()}\t{state}")


@users_app.command("token", cls=VenuedeskCommand)
def users_token(email: str = typer.Option(..., help="The account's email.")) -> None:
    """Give an account a new personal token, printed once; its earlier personal token stops working."""
    from venuedesk.accounts.service import new_personal_token

    issued = _in_session(lambda session, now: new_personal_token(session, email, now))
    typer.echo(f"new personal token for {issued.account.actor} (shown once; the old one no longer works): "
               f"{issued.token}")


@users_app.command("enable", cls=VenuedeskCommand)
def users_enable(email: str = typer.Option(..., help="The account's email.")) -> None:
    """Enable a disabled account again: it signs in with its password (its old tokens stay ended)."""
    from venuedesk.accounts.service import enable_user

    email_shown = _in_session(lambda session, now: enable_user(session, email, now).email)
    typer.echo(f"enabled {email_shown}: it signs in with its password; `venuedesk users token` gives it a new "
               "personal token")


@users_app.command("disable", cls=VenuedeskCommand)
def users_disable(email: str = typer.Option(..., help="The account's email.")) -> None:
    """Disable an account: its personal token and sessions stop working at once."""
    from venuedesk.accounts.service import disable_user

    email_shown = _in_session(lambda session, now: disable_user(session, email, now).email)
    typer.echo(f"disabled {email_shown}: its tokens and sessions no longer work")
