"""Following the stored catalogue revision from a long-running process: each API process and worker reads the
venue once at start, so a `venuedesk db seed` that changes rooms, products or policies while they run must reach
every one of them. A `RevisionWatch` reads the stored version (one indexed row) at most every
`VENUEDESK_CATALOGUE_CHECK_SECONDS` and, when it changed, builds that revision's Venue and hands it on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.orm import Session

from venuedesk.domain.catalogue import Venue
from venuedesk.store.catalogue import load_venue_from_db
from venuedesk.store.repositories.catalogue import CatalogueRepository
from venuedesk.store.sqlite_writes import begin_read_only

DEFAULT_CHECK_SECONDS = 5.0
log = logging.getLogger(__name__)


class RevisionSettings(BaseSettings):
    """`VENUEDESK_CATALOGUE_CHECK_SECONDS`: how stale a process's catalogue may be (0: checked on every request)."""

    model_config = SettingsConfigDict(env_prefix="VENUEDESK_CATALOGUE_", extra="ignore")

    check_seconds: float = Field(DEFAULT_CHECK_SECONDS, ge=0, le=3600)


class RevisionWatch:
    """Calls `on_change(venue, version)` once per new stored catalogue version, checking at most every
    `interval` seconds; thread-safe, and a check already under way is not repeated by another thread."""

    def __init__(self, sessions: Callable[[], Session], version: str | None,
                 on_change: Callable[[Venue, str | None], None], *, interval: float | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.version = version
        self.interval = RevisionSettings().check_seconds if interval is None else interval
        self._sessions = sessions
        self._on_change = on_change
        self._monotonic = monotonic
        self._checked_at = monotonic()
        self._lock = threading.Lock()

    def due(self) -> bool:
        """Whether the interval since the last check has passed."""
        return self._monotonic() - self._checked_at >= self.interval

    def check(self, *, force: bool = False) -> bool:
        """Read the stored version (when due or forced) and switch to it if it changed; True when this process
        serves the newest revision it read. A database or catalogue error propagates (the caller says not ready)."""
        if not self._lock.acquire(blocking=force):
            return True  # another thread is checking right now
        try:
            if not force and not self.due():
                return True
            self._checked_at = self._monotonic()
            with self._sessions() as session:
                begin_read_only(session)
                stored = CatalogueRepository(session).version()
                if stored is None or stored == self.version:
                    return stored is not None
                venue = load_venue_from_db(session)
            self._on_change(venue, stored)
            log.info("catalogue revision changed; serving the new one",
                     extra={"before": (self.version or "")[:12], "after": stored[:12]})
            self.version = stored
            return True
        finally:
            self._lock.release()
