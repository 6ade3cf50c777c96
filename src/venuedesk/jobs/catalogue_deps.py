"""Job dependencies that follow the stored catalogue revision: a `venuedesk worker` (or the SQLite server's job
thread) reads the venue once at start, yet option lapses, deposits and reminders must use the policies of the
newest `venuedesk db seed`. Before each job run the stored version is checked (at most every
`VENUEDESK_CATALOGUE_CHECK_SECONDS`) and the venue-bound parts (delivery, manager mail, calendars) are rebuilt.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from venuedesk.domain.catalogue import Venue
from venuedesk.jobs.base import JobDeps
from venuedesk.store.catalogue_revision import RevisionWatch
from venuedesk.store.repositories.catalogue import CatalogueRepository

Rebuild = Callable[[JobDeps, Venue], JobDeps]
DepsSource = JobDeps | Callable[[], JobDeps]
log = logging.getLogger(__name__)


def with_venue(deps: JobDeps, venue: Venue) -> JobDeps:
    """`deps` on another venue revision, nothing else rebuilt (in-app delivery, no mail, no calendars)."""
    return dataclasses.replace(deps, venue=venue)


class CatalogueDeps:
    """`current()` is the job dependencies on the newest stored catalogue revision."""

    def __init__(self, deps: JobDeps, rebuild: Rebuild = with_venue, *, interval: float | None = None) -> None:
        self._rebuild = rebuild
        self._deps = deps
        with deps.sessions() as session:
            version = CatalogueRepository(session).version()
        self.watch = RevisionWatch(deps.sessions, version, self._switch, interval=interval)

    def _switch(self, venue: Venue, version: str | None) -> None:
        self._deps = self._rebuild(self._deps, venue)

    def current(self) -> JobDeps:
        """The dependencies to run the next job with; a failed check keeps the revision in hand (logged)."""
        if self.watch.due():
            try:
                self.watch.check()
            except Exception:  # noqa: BLE001 - the jobs keep running on the revision they have
                log.exception("could not check the catalogue revision; jobs keep the one loaded")
        return self._deps


def resolve(deps: DepsSource) -> JobDeps:
    """The dependencies for one run: `deps` itself, or what a source such as `CatalogueDeps.current` returns."""
    return deps if isinstance(deps, JobDeps) else deps()
