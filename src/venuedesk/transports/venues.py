"""Which venue a request speaks to (docs/tenancy.md): `/v/{venue}/...` names it (the prefix is taken off the path, so
every route serves every venue unchanged); a path without it means the default venue. Each venue has its own Desk,
built on first use from the `venues` table; a venue that is not there answers 404, like a thread that is not."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from fastapi import Request

from venuedesk.calendars.ports import CalendarReader
from venuedesk.domain.catalogue import Venue
from venuedesk.store.catalogue_revision import RevisionWatch
from venuedesk.store.tenancy import DEFAULT_VENUE
from venuedesk.store.venues import venue_exists
from venuedesk.transports.limits import ASGIApp, Receive, Scope, Send, error_body
from venuedesk.workflow.desk import Desk

SCOPE_KEY = "venuedesk.venue"
"""Where the ASGI scope keeps the venue the path named."""
_PREFIX = re.compile(r"^/v/([a-z0-9][a-z0-9-]{0,62})(?=/|$)")


class VenueDesks:
    """The desks of one install: the default venue's (the app's own) and one per other venue, made on first use
    with the same model runtime, executor and clock."""

    def __init__(self, default: Desk, calendars_for: Callable[[Venue], CalendarReader] | None = None,
                 watch_for: Callable[[Desk], RevisionWatch] | None = None) -> None:
        self.default = default
        self._calendars_for = calendars_for
        self._watch_for = watch_for
        self._watches: dict[str, RevisionWatch] = {}
        self._desks: dict[str, Desk] = {default.venue_id: default}
        self._lock = threading.Lock()

    def get(self, venue_id: str) -> Desk | None:
        """The desk of `venue_id`, or None when the install has no such venue."""
        desk = self._desks.get(venue_id)
        if desk is not None:
            return desk
        if not venue_exists(self.default.engine, venue_id):
            return None
        with self._lock:
            desk = self._desks.get(venue_id)
            if desk is None:
                desk = self.default.sibling(venue_id)
                if self._calendars_for is not None:
                    desk.calendars = self._calendars_for(desk.venue)
                if self._watch_for is not None:
                    self._watches[venue_id] = self._watch_for(desk)
                self._desks[venue_id] = desk
        return desk

    def all(self) -> list[Desk]:
        """The desks made so far."""
        return list(self._desks.values())

    def watch(self, venue_id: str) -> RevisionWatch | None:
        """The catalogue revision watch of another venue's desk (the default desk's is the app's own)."""
        return self._watches.get(venue_id)


def request_venue(request: Request) -> str:
    """The venue the request's path named, else the default venue."""
    return str(request.scope.get(SCOPE_KEY, DEFAULT_VENUE))


def desk_for(request: Request) -> Desk:
    """The desk of the request's venue (the prefix middleware has already refused a venue that does not exist)."""
    venues: VenueDesks = request.app.state.venues
    desk = venues.get(request_venue(request))
    return desk if desk is not None else venues.default


class VenuePrefixMiddleware:
    """Takes `/v/{venue}` off the path and keeps the venue in the scope; 404 for a venue the install does not have."""

    def __init__(self, app: ASGIApp, venues: VenueDesks) -> None:
        self.app = app
        self.venues = venues

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] in ("http", "websocket") else ""
        match = _PREFIX.match(path)
        if match is None:
            await self.app(scope, receive, send)
            return
        venue_id = match.group(1)
        rest = path[match.end():] or "/"
        if self.venues.get(venue_id) is None:
            await _not_found(send, f"venue {venue_id!r} does not exist")
            return
        raw = scope.get("raw_path") or path.encode()
        scope = {**scope, SCOPE_KEY: venue_id, "path": rest, "raw_path": raw[len(match.group(0)):] or b"/"}
        await self.app(scope, receive, send)


async def _not_found(send: Send, message: str) -> None:
    body = error_body("not_found", message)
    await send({"type": "http.response.start", "status": 404,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
