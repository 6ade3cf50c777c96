"""The signed addresses of the rooms' calendar feeds (docs/calendar-view.md "Room feeds").

A room's feed token is HMAC-SHA-256 over the room's id under the feed secret: `VENUEDESK_FEED_SECRET`, else one
generated once and kept in `$VENUEDESK_HOME/feed-secret` (0600). The token never expires; rotating the secret
(`venuedesk calendars feeds --rotate`, or a new `VENUEDESK_FEED_SECRET`) revokes every address signed with the old
one at once. The secret is read on every request, so a rotation needs no restart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, urlencode

from venuedesk.secret_file import replace_secret_file
from venuedesk.store.tenancy import DEFAULT_VENUE
from venuedesk.transports.mail.secret import load_or_create_secret

FEED_SECRET_ENV = "VENUEDESK_FEED_SECRET"
FEED_SECRET_FILE = "feed-secret"
_PURPOSE = "venuedesk.room-feed.v1:"


class RotationRefused(RuntimeError):
    """The secret comes from the environment, so only a new value there rotates it."""


def feed_secret(home: Path, environ: Mapping[str, str] = os.environ) -> str:
    """The configured secret, else the one stored under `home` (created on first use)."""
    configured = environ.get(FEED_SECRET_ENV, "").strip()
    return configured or load_or_create_secret(home, FEED_SECRET_FILE)


def feed_token(secret: str, room_id: str, venue_id: str = DEFAULT_VENUE) -> str:
    """The room's token: 43 URL-safe characters (256 bits of HMAC-SHA-256); another venue's room of the same id has
    another token (docs/tenancy.md)."""
    subject = room_id if venue_id == DEFAULT_VENUE else f"{venue_id}/{room_id}"
    digest = hmac.new(secret.encode("utf-8"), (_PURPOSE + subject).encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def token_holds(secret: str, room_id: str, token: str, venue_id: str = DEFAULT_VENUE) -> bool:
    """Whether `token` is this venue's room's under `secret` (compared in constant time)."""
    expected = feed_token(secret, room_id, venue_id).encode("ascii")
    return hmac.compare_digest(expected, token.encode("utf-8", "replace"))


def feed_path(room_id: str, token: str, venue_id: str = DEFAULT_VENUE) -> str:
    """`/calendar/<room>.ics?token=…` (under `/v/<venue>` for another venue than the default): the token rides in
    the query, which the access log redacts."""
    prefix = "" if venue_id == DEFAULT_VENUE else f"/v/{venue_id}"
    return f"{prefix}/calendar/{quote(room_id, safe='')}.ics?{urlencode({'token': token})}"


def rotate_feed_secret(home: Path, environ: Mapping[str, str] = os.environ) -> str:
    """Replace the stored secret with a new random one (atomically, 0600); every feed address changes."""
    if environ.get(FEED_SECRET_ENV, "").strip():
        raise RotationRefused(f"{FEED_SECRET_ENV} is set, so the feed secret comes from the environment: set it to "
                              "a new value and restart the server to rotate it")
    replace_secret_file(home.expanduser() / FEED_SECRET_FILE, secrets.token_urlsafe(48))
    return feed_secret(home, environ)
