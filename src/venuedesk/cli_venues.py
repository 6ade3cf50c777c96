"""`venuedesk venues add / list`: the venues one install serves (docs/tenancy.md), each with its own catalogue
loaded from its own YAML folder; adding a venue again re-seeds its catalogue."""

from __future__ import annotations

from pathlib import Path

import typer

from venuedesk.cli_support import VenuedeskCommand, VenuedeskGroup

venues_app = typer.Typer(help="Venues of this install: each with its own catalogue, rooms, managers and threads.",
                         no_args_is_help=True, cls=VenuedeskGroup)


@venues_app.command("add", cls=VenuedeskCommand)
def venues_add(
    slug: str = typer.Argument(..., help="The venue's id in paths (`/v/<slug>/api/...`): lower-case letters, "
                               "digits and dashes."),
    catalogue: str = typer.Option(..., help="The venue's catalogue folder (venue.yaml, rooms.yaml, products.yaml)."),
    name: str | None = typer.Option(None, help="A name for listings (default: the catalogue's venue name)."),
) -> None:
    """Add a venue and seed its catalogue; for a venue that exists, re-seed it (running it twice changes nothing)."""
    from venuedesk.cli_support import catalogue_problem
    from venuedesk.clock import clock_from_env
    from venuedesk.store.catalogue import seed
    from venuedesk.store.db import database_url_from_env, ensure_ready
    from venuedesk.store.venues import VenueError, add_venue
    from venuedesk.venue.loader import CatalogueError, load_catalogue_documents

    folder = Path(catalogue)
    try:
        docs = load_catalogue_documents(folder)
    except CatalogueError as exc:
        typer.echo(catalogue_problem(exc, folder), err=True)
        raise typer.Exit(2) from exc
    engine = ensure_ready(database_url_from_env())
    try:
        created = add_venue(engine, slug, name or str(docs.venue.get("name") or slug), clock_from_env().now())
        report = seed(engine, docs, venue_id=slug)
    except VenueError as exc:
        typer.echo(f"venuedesk venues: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    typer.echo(f"venue {slug}: {'added' if created else 'exists'}; seed: {report}")


@venues_app.command("list", cls=VenuedeskCommand)
def venues_list() -> None:
    """Print each venue: slug, name, added at."""
    from venuedesk.store.db import database_url_from_env, ensure_ready
    from venuedesk.store.venues import list_venues

    engine = ensure_ready(database_url_from_env())
    try:
        for row in list_venues(engine):
            typer.echo(f"{row.id}\t{row.name}\t{row.created_at.isoformat()}")
    finally:
        engine.dispose()
