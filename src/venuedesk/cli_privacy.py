"""`venuedesk privacy export / erase`: a client's data under the GDPR (docs/privacy.md), found by email: printed as
JSON, or erased in every thread of that client (Confirmed bookings too; amounts and dates stay)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import typer

from venuedesk.cli_support import VENUE_HELP, VenuedeskCommand, VenuedeskGroup, require_venue

privacy_app = typer.Typer(help="A client's data (GDPR): export it as JSON or erase it, found by email.",
                          no_args_is_help=True, cls=VenuedeskGroup)
CLI_ACTOR = "cli"
T = TypeVar("T")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from venuedesk.clock import Clock


@privacy_app.command("export", cls=VenuedeskCommand)
def privacy_export(
    email: str = typer.Option(..., help="The client's email (case-insensitive)."),
    venue: str = typer.Option("default", "--venue", help=VENUE_HELP),
) -> None:
    """Print everything stored about the client as JSON: per thread the event, messages, inbox, outbox, tool-call
    ledger, HIL tasks, mail records, payments, site visits and ChatKit items."""
    from venuedesk.workflow.privacy import export_by_email

    exported = _run(venue, lambda engine, clock: export_by_email(engine, clock, email, actor=CLI_ACTOR,
                                                                 venue_id=venue))
    typer.echo(json.dumps(exported, indent=2, ensure_ascii=False))


@privacy_app.command("erase", cls=VenuedeskCommand)
def privacy_erase(
    email: str = typer.Option(..., help="The client's email (case-insensitive)."),
    yes: bool = typer.Option(False, "--yes", help="Erase without asking for confirmation."),
    venue: str = typer.Option("default", "--venue", help=VENUE_HELP),
) -> None:
    """Anonymise every thread of the client: who they are and what they wrote goes, amounts, dates and statuses
    stay; on SQLite the file is vacuumed so nothing erased can be read back from it. Erasing twice erases 0."""
    from venuedesk.transports.mail.attachments import delete_thread_attachments
    from venuedesk.transports.settings import ServerSettings
    from venuedesk.workflow.privacy import erase_by_email

    if not yes and not typer.confirm(f"Erase every thread of {email.strip()}? This cannot be undone"):
        typer.echo("nothing erased")
        raise typer.Exit(1)
    home = ServerSettings().home
    erased = _run(venue, lambda engine, clock: erase_by_email(
        engine, clock, email, actor=CLI_ACTOR, forget_files=lambda thread_id: delete_thread_attachments(home, thread_id),
        venue_id=venue))
    typer.echo(f"erased {len(erased)} thread(s)" + (f": {', '.join(erased)}" if erased else ""))


def _run(venue: str, work: Callable[[Engine, Clock], T]) -> T:
    """Run `work` on VENUEDESK_DATABASE_URL (migrated first) with the venue clock; an unknown venue or a malformed
    address ends the command with exit 2."""
    from venuedesk.clock import clock_from_env
    from venuedesk.store.db import database_url_from_env, ensure_ready

    engine = ensure_ready(database_url_from_env())
    try:
        require_venue(engine, venue, "privacy")
        return work(engine, clock_from_env())
    except ValueError as exc:
        typer.echo(f"venuedesk privacy: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
