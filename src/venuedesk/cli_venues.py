"""`venuedesk venues add / set / list`: the venues one install serves (docs/tenancy.md), each with its own catalogue
loaded from its own YAML folder (adding a venue again re-seeds its catalogue) and its own sending identity."""

from __future__ import annotations

from pathlib import Path

import typer

from venuedesk.cli_support import VenuedeskCommand, VenuedeskGroup, require_venue

MAIL_FROM_HELP = ("The venue's own sending identity, e.g. 'The Atelier <desk+atelier@example.ch>' (default: "
                  "VENUEDESK_MAIL_FROM for `default`, desk+<slug>@<its domain> for the others).")

venues_app = typer.Typer(help="Venues of this install: each with its own catalogue, rooms, managers and threads.",
                         no_args_is_help=True, cls=VenuedeskGroup)


@venues_app.command("add", cls=VenuedeskCommand)
def venues_add(
    slug: str = typer.Argument(..., help="The venue's id in paths (`/v/<slug>/api/...`): lower-case letters, "
                               "digits and dashes."),
    catalogue: str = typer.Option(..., help="The venue's catalogue folder (venue.yaml, rooms.yaml, products.yaml)."),
    name: str | None = typer.Option(None, help="A name for listings (default: the catalogue's venue name)."),
    mail_from: str | None = typer.Option(None, "--mail-from", help=MAIL_FROM_HELP),
) -> None:
    """Add a venue and seed its catalogue; for a venue that exists, re-seed it (running it twice changes nothing)."""
    from venuedesk.cli_support import catalogue_problem
    from venuedesk.clock import clock_from_env
    from venuedesk.store.catalogue import seed
    from venuedesk.store.db import database_url_from_env, ensure_ready
    from venuedesk.store.venue_mail import set_mail_from
    from venuedesk.store.venues import VenueError, add_venue, check_slug, venue_exists
    from venuedesk.transports.mail.identity import MailFromError, checked_mail_from
    from venuedesk.transports.mail.settings import MailSettings
    from venuedesk.venue.loader import CatalogueError, load_catalogue_documents

    folder = Path(catalogue)
    try:
        docs = load_catalogue_documents(folder)
    except CatalogueError as exc:
        typer.echo(catalogue_problem(exc, folder), err=True)
        raise typer.Exit(2) from exc
    engine = ensure_ready(database_url_from_env())
    try:
        check_slug(slug)
        stored = None
        if mail_from is not None or not venue_exists(engine, slug):  # a new venue's default must be free too
            stored = checked_mail_from(engine, slug, mail_from, MailSettings())
        created = add_venue(engine, slug, name or str(docs.venue.get("name") or slug), clock_from_env().now())
        if mail_from is not None:
            set_mail_from(engine, slug, stored)
        report = seed(engine, docs, venue_id=slug)
    except (VenueError, MailFromError) as exc:
        typer.echo(f"venuedesk venues: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    typer.echo(f"venue {slug}: {'added' if created else 'exists'}; seed: {report}")


@venues_app.command("set", cls=VenuedeskCommand)
def venues_set(
    slug: str = typer.Argument(..., help="The venue to change."),
    mail_from: str | None = typer.Option(None, "--mail-from", help=MAIL_FROM_HELP),
    default_mail_from: bool = typer.Option(False, "--default-mail-from",
                                           help="Send from the venue's default address again."),
) -> None:
    """Change a venue's sending identity: its mail goes out from it, and mail to it reaches the venue."""
    from venuedesk.store.db import database_url_from_env, ensure_ready
    from venuedesk.store.venue_mail import set_mail_from
    from venuedesk.transports.mail.identity import MailFromError, checked_mail_from
    from venuedesk.transports.mail.settings import MailSettings

    if (mail_from is None) == (not default_mail_from):
        typer.echo("venuedesk venues set: give either --mail-from 'Name <address>' or --default-mail-from", err=True)
        raise typer.Exit(2)
    engine = ensure_ready(database_url_from_env())
    try:
        require_venue(engine, slug, "venues set")
        stored = checked_mail_from(engine, slug, mail_from, MailSettings())
        set_mail_from(engine, slug, stored)
    except MailFromError as exc:
        typer.echo(f"venuedesk venues: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    typer.echo(f"venue {slug}: mail goes out from {stored or 'its default address'}")


@venues_app.command("list", cls=VenuedeskCommand)
def venues_list() -> None:
    """Print each venue: slug, name, added at, the address its mail goes out from."""
    from venuedesk.store.db import database_url_from_env, ensure_ready
    from venuedesk.store.venues import list_venues
    from venuedesk.transports.mail.identity import identity_of
    from venuedesk.transports.mail.settings import MailSettings

    engine = ensure_ready(database_url_from_env())
    settings = MailSettings()
    try:
        for row in list_venues(engine):
            sender = identity_of(row.id, row.mail_from, venue_name="", settings=settings).address
            typer.echo(f"{row.id}\t{row.name}\t{row.created_at.isoformat()}\t{sender}")
    finally:
        engine.dispose()
