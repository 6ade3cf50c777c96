"""Click classes behind `venuedesk`: problems a person fixes (database URL, unreachable database, malformed
catalogue, busy port) end a command with one line on stderr and exit 2 instead of a traceback, and flags show
no value type in --help. Light to import: the exception types are looked up only once a command failed."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

SETUP_EXIT_CODE = 2


def setup_problem(error: BaseException) -> str | None:
    """One line saying what went wrong, where and what to do, for errors a person fixes; None for bugs."""
    store_errors = sys.modules.get("venuedesk.store.errors")
    if store_errors is not None and isinstance(error, store_errors.DatabaseSetupError):
        return str(error)
    loader = sys.modules.get("venuedesk.venue.loader")
    if loader is not None and isinstance(error, loader.CatalogueError):
        return catalogue_problem(error)
    calendars = sys.modules.get("venuedesk.calendars.wiring")
    if calendars is not None and isinstance(error, calendars.CalendarSettingsError):
        return str(error)
    strength = sys.modules.get("venuedesk.accounts.strength")
    if strength is not None and isinstance(error, strength.WeakManagerToken):
        return str(error)
    server = sys.modules.get("venuedesk.transports.listen")
    if server is not None and isinstance(error, server.ListenError):
        return str(error)
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError)):
        from venuedesk.store.db import DATABASE_URL_ENV
        from venuedesk.store.errors import unreachable

        url = os.environ.get(DATABASE_URL_ENV, "").strip() or "the SQLite database in VENUEDESK_HOME"
        return str(unreachable(url, error))
    return None


def catalogue_problem(error: Any, folder: Path | None = None) -> str:
    """A malformed catalogue as one line: the folder, every problem (file, line, field), what to do."""
    configured = os.environ.get("VENUEDESK_CATALOGUE_DIR", "").strip()
    if folder is not None:
        where = f"in {folder}"
    elif configured:
        where = f"in {configured} (VENUEDESK_CATALOGUE_DIR)"
    else:
        where = "shipped in the package"
    problems = "; ".join(str(problem) for problem in getattr(error, "problems", ())) or str(error)
    return f"catalogue error: the venue catalogue {where} is invalid: {problems}; fix it and run the command again"


def _quiet_flags(params: list[Any]) -> list[Any]:
    """Flags (`--json`, `--reload/--no-reload`, `--help`) take no value, so --help shows no `<bool>` for them."""
    for param in params:
        if getattr(param, "is_flag", False) and getattr(param, "metavar", "") is None:
            param.metavar = ""
    return params


class VenuedeskCommand(TyperCommand):
    """A command whose flags show no value type in --help."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _quiet_flags(super().get_params(ctx))


class VenuedeskGroup(TyperGroup):
    """A command group that reports setup problems in one line (exit 2) and builds VenuedeskCommands."""

    command_class = VenuedeskCommand

    def get_params(self, ctx: Any) -> list[Any]:
        return _quiet_flags(super().get_params(ctx))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as error:  # noqa: BLE001 - only setup problems are caught; anything else re-raises
            problem = setup_problem(error)
            if problem is None:
                raise
            typer.echo(problem, err=True)
            raise typer.Exit(SETUP_EXIT_CODE) from error


VENUE_HELP = "The venue to act on (`venuedesk venues list`); default: the default venue."


def require_venue(engine: Any, venue_id: str, command: str) -> None:
    """End the command with one line and exit 2 when the install has no venue `venue_id` (docs/tenancy.md)."""
    from venuedesk.store.venues import venue_exists

    if not venue_exists(engine, venue_id):
        typer.echo(f"venuedesk {command}: no venue {venue_id!r}; `venuedesk venues list` shows them", err=True)
        raise typer.Exit(SETUP_EXIT_CODE)


def engine_from_env() -> Any:
    """The migrated, seeded SQLAlchemy Engine of `VENUEDESK_DATABASE_URL` (imported lazily: `--help` stays fast)."""
    from venuedesk.store.db import database_url_from_env, ensure_ready

    return ensure_ready(database_url_from_env())


def clock_or_exit() -> Any:
    """The Clock `VENUEDESK_NOW` names (else the real one), or exit 2 with what is wrong with it."""
    from venuedesk.clock import clock_from_env

    try:
        return clock_from_env()
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
