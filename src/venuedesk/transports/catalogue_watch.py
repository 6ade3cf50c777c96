"""An ASGI middleware that keeps an API process on the newest stored catalogue revision: several processes serve
one database, and a `venuedesk db seed` run while they are up must reach all of them, not only the next one
started. At most every `VENUEDESK_CATALOGUE_CHECK_SECONDS` a request first checks the stored version (in a thread,
off the event loop) and swaps the desk's venue when it changed; `/readyz` always checks, and answers 503 while the
newest revision cannot be loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import anyio.to_thread

from venuedesk.calendars.ports import CalendarReader
from venuedesk.domain.catalogue import Venue
from venuedesk.store.catalogue_revision import RevisionWatch
from venuedesk.store.uow import make_session_factory
from venuedesk.transports.limits import ASGIApp, Receive, Scope, Send, error_body
from venuedesk.transports.venues import SCOPE_KEY
from venuedesk.workflow.desk import Desk

READY_PATH = "/readyz"
log = logging.getLogger("venuedesk.api")


def desk_watch(desk: Desk, *, interval: float | None = None,
               calendars_for: Callable[[Venue], CalendarReader] | None = None) -> RevisionWatch:
    """A watch that moves `desk` (and its calendars, when `calendars_for` is given) to each new revision."""

    def switch(venue: Venue, version: str | None) -> None:
        if calendars_for is not None:
            desk.calendars = calendars_for(venue)
        desk.use_venue(venue, version)

    return RevisionWatch(make_session_factory(desk.engine, desk.venue_id), desk.catalogue_version, switch, interval=interval)


class CatalogueWatchMiddleware:
    """Checks the catalogue revision before a request when due (before `/readyz` always): the default venue's, or
    with `venue_watch` that of the venue the request's path named (docs/tenancy.md)."""

    def __init__(self, app: ASGIApp, watch: RevisionWatch,
                 venue_watch: Callable[[str], RevisionWatch | None] | None = None) -> None:
        self.app = app
        self.watch = watch
        self.venue_watch = venue_watch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("path") == READY_PATH:
            if not await self._ready(send):
                return
        elif (watch := self._watch_of(scope)).due():
            try:
                await anyio.to_thread.run_sync(watch.check)
            except Exception:  # noqa: BLE001 - keep serving the revision in hand; /readyz reports the failure
                log.exception("could not check the catalogue revision; still serving the one loaded")
        await self.app(scope, receive, send)

    def _watch_of(self, scope: Scope) -> RevisionWatch:
        venue_id = scope.get(SCOPE_KEY)
        chosen = self.venue_watch(venue_id) if venue_id is not None and self.venue_watch is not None else None
        return chosen or self.watch

    async def _ready(self, send: Send) -> bool:
        """Force a check; False after answering 503 because the newest revision could not be loaded. A database
        that does not answer is left to the readiness route, which names it."""
        try:
            await anyio.to_thread.run_sync(lambda: self.watch.check(force=True))
        except (LookupError, ValueError) as exc:
            await _not_ready(send, f"the newest catalogue revision cannot be loaded: {type(exc).__name__}")
            return False
        except Exception:  # noqa: BLE001 - the route's own database check reports this
            return True
        return True


async def _not_ready(send: Send, message: str) -> None:
    body = error_body("not_ready", message)
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
