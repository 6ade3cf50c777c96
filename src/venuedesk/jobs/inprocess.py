"""The in-process backend (SQLite): a daemon thread of `venuedesk serve` that runs due jobs every few seconds.

SQLite has no job queue server; exactly-once still holds because every unit of work is claimed in the
database (BEGIN IMMEDIATE serialises writers), so several `serve --workers N` processes may each run one.
"""

from __future__ import annotations

import logging
import threading

from venuedesk.clock import Clock
from venuedesk.jobs.catalogue_deps import DepsSource, resolve
from venuedesk.jobs.scheduler import run_due

DEFAULT_INTERVAL_SECONDS = 5.0
THREAD_NAME = "venuedesk-jobs"
log = logging.getLogger(__name__)


class InProcessRunner:
    """Start a thread that runs `run_due` every `interval` seconds until `stop()`; a failing pass is logged. `deps`
    is the jobs' dependencies or where to get them before each pass (`CatalogueDeps.current`)."""

    def __init__(self, deps: DepsSource, clock: Clock, interval: float = DEFAULT_INTERVAL_SECONDS) -> None:
        if interval <= 0:
            raise ValueError(f"interval must be positive seconds, got {interval}")
        self.deps = deps
        self.clock = clock
        self.interval = interval
        self.passes = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (once); the first pass runs at once."""
        if self._thread is not None:
            raise RuntimeError("the job runner was already started; create a new one")
        self._thread = threading.Thread(target=self._loop, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to stop after its current pass and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("the job runner did not stop within %s s", timeout)

    def run_once(self) -> None:
        """One pass over every due job; errors are logged, the next pass tries again."""
        try:
            run_due(resolve(self.deps), self.clock)
        except Exception:  # keep the server's runner alive; the unit that failed is retried next pass
            log.exception("a background job pass failed; retrying in %s s", self.interval)
        self.passes += 1

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self.interval)
