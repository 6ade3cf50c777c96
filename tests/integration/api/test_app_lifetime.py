"""Apps created and dropped in one process are collected with their Desk and engine (FastAPI's callable caches
are cleared after each test by the root conftest, tests/app_lifetime.py), so a suite does not accumulate them.

The threads the apps started are joined before the collection: a TestClient's portal thread is joined on exit, but
AnyIO's worker threads (which run the sync endpoints) are only told to stop when its event loop ends. Until one runs
its next lines it still holds its last call, the endpoint with its request, whose scope holds the app; under load
that was long enough for the newest app to be seen alive (a collection a moment later found it gone)."""

from __future__ import annotations

import gc
import shutil
import threading
import weakref
from pathlib import Path

from fastapi.testclient import TestClient

from api_helpers import MANAGER_TOKEN, NOW
from app_lifetime import forget_endpoints
from venuedesk.clock import FrozenClock
from venuedesk.store.db import make_engine
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk

APPS = 5
THREAD_END_SECONDS = 10.0


def _served_once(template: Path, folder: Path) -> tuple[weakref.ref[object], weakref.ref[object]]:
    """An app over its own Desk and engine that answered a request, dropped; weak references to app and engine."""
    shutil.copyfile(template, folder / "db.sqlite3")
    engine = make_engine(f"sqlite:///{folder / 'db.sqlite3'}")
    app = create_app(Desk(engine, FrozenClock(NOW)), manager_token=MANAGER_TOKEN,
                     settings=ServerSettings(home=folder / "home"))
    with TestClient(app) as client:
        assert client.post("/api/threads").status_code == 201
    return weakref.ref(app), weakref.ref(engine)


def _unended_threads_since(before: set[threading.Thread]) -> list[str]:
    """Join the threads started since `before`; the names of those still running after THREAD_END_SECONDS (an app
    must not leave one behind)."""
    started = [thread for thread in threading.enumerate() if thread not in before]
    for thread in started:
        thread.join(THREAD_END_SECONDS)
    return [thread.name for thread in started if thread.is_alive()]


def test_apps_created_and_dropped_do_not_accumulate_once_fastapi_forgets_their_endpoints(
    seeded_sqlite_template: Path, tmp_path: Path
) -> None:
    before = set(threading.enumerate())
    dropped = []
    for number in range(APPS):
        (tmp_path / str(number)).mkdir()
        dropped.append(_served_once(seeded_sqlite_template, tmp_path / str(number)))
    assert _unended_threads_since(before) == []
    assert forget_endpoints() > 0
    gc.collect()
    assert [(app() is None, engine() is None) for app, engine in dropped] == [(True, True)] * APPS
