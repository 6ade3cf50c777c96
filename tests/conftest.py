"""Shared fixtures: `database_url`, a fresh database per test on SQLite and (when configured) PostgreSQL,
`seeded_sqlite_template` / `seeded_sqlite_engine` (a migrated, seeded SQLite file built once, copied per test),
`seeded_engine` (the demo venue at head on each backend of `database_url`), and
a guard that every test starts with no running event loop, whatever ran before it, and a guard that a session ends
holding no pile of file descriptors its tests left open."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

VENDOR_KEY = re.compile(r"(OPENAI|MISTRAL)_API_KEY|VENUEDESK_\w+_API_KEY")
LIVE_TESTS = Path(__file__).parent / "live"
BROWSER_TESTS = Path(__file__).resolve().parent / "e2e"
POSTGRES_ENV = "VENUEDESK_TEST_POSTGRES_URL"
PROC_FDS = Path("/proc/self/fd")
FD_LEAK_MARGIN = 512  # directory runs end within ~30 of their start; a leak of one per test goes past it
POSTGRES_SKIP_REASON = (
    f"PostgreSQL tests need {POSTGRES_ENV}, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(autouse=True)
def _no_vendor_keys(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Clear vendor API keys so no test can reach a real model; only the opt-in tests/live smoke tests keep them."""
    if not request.node.path.is_relative_to(LIVE_TESTS):
        for name in [name for name in os.environ if VENDOR_KEY.fullmatch(name)]:
            monkeypatch.delenv(name)


def _postgres_url(base: str) -> str:
    """The configured URL with the psycopg 3 driver."""
    url = make_url(base)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def seeded_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated and seeded with the demo venue once per session; each test starts from a copy."""
    from venuedesk.store.db import make_engine, seed, upgrade
    from venuedesk.venue.loader import load_catalogue_documents

    path = tmp_path_factory.mktemp("seeded-template") / "venuedesk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    seed(engine, load_catalogue_documents())
    engine.dispose()
    return path


@pytest.fixture
def seeded_sqlite_engine(seeded_sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """An engine on this test's own copy of the seeded template, disposed after the test."""
    from venuedesk.store.db import make_engine

    path = tmp_path / "seeded.sqlite3"
    shutil.copyfile(seeded_sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: a new SQLite file, or a new PostgreSQL schema dropped after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'venuedesk.sqlite3'}"
        return
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        pytest.skip(POSTGRES_SKIP_REASON)
    base = _postgres_url(base)
    schema = f"vd_{secrets.token_hex(6)}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def demo_catalogue() -> Any:
    """The demo venue's documents, parsed once."""
    from venuedesk.venue.loader import load_catalogue_documents

    return load_catalogue_documents()


@pytest.fixture
def seeded_engine(database_url: str, demo_catalogue: Any, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An engine on a database at head with the demo venue, per backend (`database_url`): on SQLite a copy of the
    seeded template, on PostgreSQL the test's own schema migrated and seeded; disposed after the test."""
    from venuedesk.store.db import make_engine, seed, upgrade

    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        shutil.copyfile(request.getfixturevalue("seeded_sqlite_template"), str(url.database))
        engine = make_engine(database_url)
    else:
        engine = make_engine(database_url)
        upgrade(engine)
        seed(engine, demo_catalogue)
    try:
        yield engine
    finally:
        engine.dispose()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


@pytest.fixture(autouse=True)
def forget_fastapi_endpoints() -> Iterator[None]:
    """After each test, FastAPI forgets the endpoints it classified, so the test's apps (their Desk, engine and
    pool) are collected instead of piling up for the process's lifetime (tests/app_lifetime.py)."""
    yield
    from app_lifetime import forget_endpoints

    forget_endpoints()


@pytest.fixture(autouse=True)
def no_running_event_loop(request: pytest.FixtureRequest) -> None:
    """Fail a test that starts while an event loop runs on this thread: a fixture leaked it (e.g. Playwright's
    sync API kept open past its module), and every `asyncio.run()` after it would fail depending on test order.
    Browser tests (tests/e2e), whose module holds Playwright's loop by design, are the only exception."""
    if BROWSER_TESTS in request.node.path.parents:
        return
    loop = _running_loop()
    assert loop is None, (
        f"an event loop ({loop!r}) is still running on the test thread before {request.node.nodeid}: "
        "a fixture that ran earlier leaked it; scope it so that it closes before unrelated tests run"
    )


def _open_descriptors() -> int:
    """How many file descriptors this process holds (0 where /proc is missing: the guard then checks nothing)."""
    return len(os.listdir(PROC_FDS)) if PROC_FDS.is_dir() else 0


@pytest.fixture(scope="session", autouse=True)
def no_descriptor_pile_up() -> Iterator[None]:
    """Fail the session (each xdist worker too) that ends holding FD_LEAK_MARGIN descriptors more than it started
    with: something (engine, lock file, socket, pipe, loop) outlives its test, and a worker once passed 1024."""
    before = _open_descriptors()
    yield
    gc.collect()
    after = _open_descriptors()
    assert after - before <= FD_LEAK_MARGIN, (
        f"this test process holds {after} file descriptors, {after - before} more than when its first test began: "
        "a fixture or the code under test leaves them open (list /proc/self/fd to see what they are)"
    )
