"""`venuedesk calendars feeds [--rotate] [--venue SLUG]`: each room's signed `.ics` feed address for the venue's own calendar apps
(docs/calendar-view.md "Room feeds"); `--rotate` makes a new feed secret first, revoking every address given out."""

from __future__ import annotations

import typer

from venuedesk.cli_support import VENUE_HELP, require_venue


def calendars_feeds(
    rotate: bool = typer.Option(False, "--rotate", help="Make a new feed secret first: every old address stops "
                                                        "working at once (403)."),
    venue_id: str = typer.Option("default", "--venue", help=VENUE_HELP),
) -> None:
    """Print one line per room: its id and its feed address under VENUEDESK_PUBLIC_URL (a secret: whoever has it
    reads the room's bookings)."""
    from venuedesk.store.catalogue import load_venue_from_db
    from venuedesk.store.db import database_url_from_env, ensure_ready
    from venuedesk.store.uow import make_session_factory
    from venuedesk.transports.feed_tokens import (
        RotationRefused,
        feed_path,
        feed_secret,
        feed_token,
        rotate_feed_secret,
    )
    from venuedesk.transports.mail.settings import MailSettings
    from venuedesk.transports.settings import ServerSettings

    home = ServerSettings().home
    engine = ensure_ready(database_url_from_env())
    require_venue(engine, venue_id, "calendars feeds")
    if rotate:
        try:
            rotate_feed_secret(home)
        except RotationRefused as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from exc
        typer.echo("new feed secret: every address given out before now answers 403", err=True)
    with make_session_factory(engine, venue_id)() as session:
        venue = load_venue_from_db(session)
    secret = feed_secret(home)
    base = str(MailSettings().public_url).rstrip("/")
    for room in venue.rooms:
        typer.echo(f"{room.id}\t{base}{feed_path(room.id, feed_token(secret, room.id, venue_id), venue_id)}")
