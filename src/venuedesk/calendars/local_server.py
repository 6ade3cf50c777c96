"""A real CalDAV server on a free loopback port, for the tests, the benchmark and a local demo.

Radicale (a maintained CalDAV server, a test dependency) is served by a threaded WSGI server inside this
process, so no subprocess is left behind. `delay` adds a fixed latency to every request and `fail` turns every
request into a 503, which is how the tests and the benchmark model a slow or broken calendar.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        return None


@dataclass
class _Latency:
    """Per-path-prefix delays and failures, changeable while the server runs."""

    delay: float = 0.0
    fail: bool = False
    by_prefix: dict[str, tuple[float, bool]] = field(default_factory=dict)

    def for_path(self, path: str) -> tuple[float, bool]:
        for prefix, setting in self.by_prefix.items():
            if path.startswith(prefix):
                return setting
        return self.delay, self.fail


class LocalCalDAV:
    """Radicale on 127.0.0.1:<free port>, storage in `folder`, no authentication (loopback only)."""

    def __init__(self, folder: Path) -> None:
        import radicale
        import radicale.config

        configuration = radicale.config.load()
        configuration.update({
            "storage": {"filesystem_folder": str(folder)},
            "auth": {"type": "none"},
            "rights": {"type": "authenticated"},
            "logging": {"level": "warning", "mask_passwords": "True"},
        }, "venuedesk", privileged=True)
        self._radicale: WsgiApp = radicale.Application(configuration)
        self.latency = _Latency()
        self._server = make_server("127.0.0.1", 0, self._app, server_class=_ThreadingServer,
                                   handler_class=_QuietHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-caldav", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def calendar_url(self, user: str, name: str) -> str:
        """Where the calendar `name` of `user` lives (create it with `make_calendar`)."""
        return f"{self.url}/{user}/{name}/"

    def set_latency(self, delay: float = 0.0, *, fail: bool = False, prefix: str | None = None) -> None:
        """Delay (seconds) and/or fail every request, or only those under the path `prefix`."""
        if prefix is None:
            self.latency.delay, self.latency.fail = delay, fail
        else:
            self.latency.by_prefix[prefix] = (delay, fail)

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        delay, fail = self.latency.for_path(environ.get("PATH_INFO", ""))
        if delay:
            time.sleep(delay)
        if fail:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"calendar down (test)"]
        return self._radicale(environ, start_response)

    def start(self) -> LocalCalDAV:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalCalDAV:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
