"""Run the real venuedesk app under uvicorn on a free loopback port, in a background thread."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CLOCK = "2026-02-02T09:00:00+01:00"
MANAGER_TOKEN = "mgr_e2e_known_token"


@contextmanager
def _env(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def live_server(home: Path) -> Iterator[str]:
    """Yield the base URL of an app on a fresh SQLite file with the frozen clock and a known manager token."""
    with live_app(home) as (url, _desk):
        yield url


@contextmanager
def live_app(home: Path) -> Iterator[tuple[str, object]]:
    """As live_server, and the server's own Desk too: a test may move its frozen clock (`desk.clock.set`) and run
    jobs on it, as `venuedesk serve` would."""
    import uvicorn

    from venuedesk.clock import clock_from_env
    from venuedesk.store.db import ensure_ready
    from venuedesk.transports.app import create_app
    from venuedesk.transports.settings import ServerSettings
    from venuedesk.workflow.desk import Desk

    from limits_off import switch_limits_off

    home.mkdir(parents=True, exist_ok=True)
    with _env(VENUEDESK_CLOCK=CLOCK, VENUEDESK_HOME=str(home)):
        desk = Desk(ensure_ready(f"sqlite:///{home / 'venuedesk.sqlite3'}"), clock_from_env())
        switch_limits_off(desk, actor="e2e")  # a module's tests all come from 127.0.0.1
        app = create_app(desk, manager_token=MANAGER_TOKEN, settings=ServerSettings(home=home))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="e2e-uvicorn")
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the e2e server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", desk
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        desk.engine.dispose()
