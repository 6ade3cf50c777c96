"""A real CalDAV server (Radicale, in-process on a free loopback port) for this folder's tests: started once per
module, stopped after it, its latency and failures reset before each test; it counts the requests it gets."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from venuedesk.calendars.local_server import LocalCalDAV


class CountingCalDAV(LocalCalDAV):
    """LocalCalDAV that records (method, path) of every request it receives."""

    def __init__(self, folder: Path) -> None:
        self.requests: list[tuple[str, str]] = []
        super().__init__(folder)

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self.requests.append((environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")))
        return super()._app(environ, start_response)

    def reset(self) -> None:
        self.set_latency(0.0)
        self.latency.by_prefix.clear()
        self.requests.clear()


@pytest.fixture(scope="module")
def caldav_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountingCalDAV]:
    radicale_log = logging.getLogger("radicale")
    level = radicale_log.level
    radicale_log.setLevel(logging.ERROR)  # "No user authentication is selected": loopback only, on purpose
    server = CountingCalDAV(tmp_path_factory.mktemp("caldav")).start()
    try:
        yield server
    finally:
        server.stop()
        radicale_log.setLevel(level)


@pytest.fixture
def caldav(caldav_server: CountingCalDAV) -> CountingCalDAV:
    caldav_server.reset()
    return caldav_server
