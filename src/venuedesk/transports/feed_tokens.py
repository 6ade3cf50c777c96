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


def feed_token(secret: str, room_id: str) -> str:
    """The room's token: 43 URL-safe characters (256 bits of HMAC-SHA-256)."""
    digest = hmac.new(secret.encode("utf-8"), (_PURPOSE + room_id).encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def token_holds(secret: str, room_id: str, token: str) -> bool:
    """Whether `token` is this room's under `secret` (compared in constant time)."""
    return hmac.compare_digest(feed_token(secret, room_id).encode("ascii"), token.encode("utf-8", "replace"))


def feed_path(room_id: str, token: str) -> str:
    """`/calendar/<room>.ics?token=…`: the token rides in the query, which the access log redacts."""
    return f"/calendar/{quote(room_id, safe='')}.ics?{urlencode({'token': token})}"


def rotate_feed_secret(home: Path, environ: Mapping[str, str] = os.environ) -> str:
    """Replace the stored secret with a new random one (atomically, 0600); every feed address changes."""
    if environ.get(FEED_SECRET_ENV, "").strip():
        raise RotationRefused(f"{FEED_SECRET_ENV} is set, so the feed secret comes from the environment: set it to "
                              "a new value and restart the server to rotate it")
    replace_secret_file(home.expanduser() / FEED_SECRET_FILE, secrets.token_urlsafe(48))
    return feed_secret(home, environ)
