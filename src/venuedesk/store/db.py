"""Opening the database: URL, engine, Alembic migrations and the ready-to-use entry point."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from venuedesk.store.catalogue import SeedReport, catalogue_is_empty, load_venue_from_db, seed
from venuedesk.store.errors import DatabaseUnreachable, driver_missing, parse_database_url, reaching
from venuedesk.store.locking import migration_lock
from venuedesk.store.postgres import postgres_engine
from venuedesk.store.sqlite_writes import READ_ONLY_OPTION, QueuedConnection, write_lock_for
from venuedesk.store.wal_checkpoint import SAFETY_NET_PAGES

__all__ = [
    "DATABASE_URL_ENV",
    "HOME_ENV",
    "SeedReport",
    "database_url_from_env",
    "ensure_ready",
    "is_current",
    "load_venue_from_db",
    "make_engine",
    "migration_lock",
    "seed",
    "upgrade",
]

DATABASE_URL_ENV = "VENUEDESK_DATABASE_URL"
HOME_ENV = "VENUEDESK_HOME"
SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def database_url_from_env(home: Path | None = None) -> str:
    """`VENUEDESK_DATABASE_URL`, else a SQLite file in `$VENUEDESK_HOME` (default ~/.venuedesk, created)."""
    configured = os.environ.get(DATABASE_URL_ENV, "").strip()
    if configured:
        return configured
    if home is None:
        home = Path(os.environ.get(HOME_ENV) or Path.home() / ".venuedesk")
    home = home.expanduser()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnreachable(
            f"cannot create the venuedesk home folder {home}: {exc.strerror or exc}; "
            f"set {HOME_ENV} to a writable folder or {DATABASE_URL_ENV} to a database"
        ) from exc
    return f"sqlite:///{home / 'venuedesk.sqlite3'}"


def _normalise_url(url: str | URL) -> URL:
    """Route plain `postgresql://` / `postgres://` URLs to psycopg 3, the driver the project ships; refuse URLs
    that do not parse or name another database (DatabaseUrlError)."""
    parsed = parse_database_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine tuned per backend: SQLite WAL + BEGIN IMMEDIATE units of work, PostgreSQL via psycopg 3 without
    pre-ping or RELEASE SAVEPOINT round trips (store/postgres.py)."""
    parsed = _normalise_url(url)
    kwargs.setdefault("hide_parameters", True)  # SQL parameters hold client data: never in errors or logs
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed, **kwargs)
        return postgres_engine(parsed, **kwargs)
    except (sa_exc.NoSuchModuleError, ImportError) as exc:
        raise driver_missing(parsed, exc) from exc


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    """SQLite with the pysqlite transaction recipe so that savepoints work, and writers to a file queue in arrival
    order on its write lock (`sqlite_writes`) before `BEGIN IMMEDIATE` instead of busy-waiting (a read-only unit of
    work opens a deferred `BEGIN` and queues for nothing). WAL with
    synchronous=NORMAL: a commit survives the process crashing, a power loss may undo the last ones; the WAL is
    checkpointed outside the write lock (`wal_checkpoint`), SQLite's own checkpoint is only a safety net."""
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    connect_args.setdefault("check_same_thread", False)
    in_memory = url.database in (None, "", ":memory:")
    write_lock = None if in_memory else write_lock_for(str(url.database))
    if in_memory:
        kwargs.setdefault("poolclass", StaticPool)
    else:
        connect_args.setdefault("factory", QueuedConnection)
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        if isinstance(dbapi_connection, QueuedConnection):
            dbapi_connection.write_lock = write_lock
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute(f"PRAGMA wal_autocheckpoint={SAFETY_NET_PAGES}")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted or overwritten content is zeroed (docs/privacy.md)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return  # a lone read (`read_alone`): no transaction, so it never queues behind the writers
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")  # a reader: WAL lets it run beside the writer, no lock to wait for
            return
        raw = connection.connection.dbapi_connection
        if not isinstance(raw, QueuedConnection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        raw.queue_for_write()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            raw.write_done()
            raise

    return engine


@contextmanager
def read_alone(engine: Engine) -> Iterator[Session]:
    """A session whose statements run outside any transaction (AUTOCOMMIT), for a lone read on a hot path (the
    failed sign-in throttle): it sees the latest commit and, on SQLite, never queues for the write lock. Write
    nothing through it."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection, \
            Session(connection) as session:
        yield session


def alembic_config() -> Config:
    """A programmatic Alembic config pointing at the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (default head) with Alembic, in one transaction."""
    config = alembic_config()
    with reaching(engine.url), engine.begin() as connection:
        migration_lock(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest migration."""
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads


def ensure_ready(url: str | URL) -> Engine:
    """Open the database, migrate it to head and seed the demo venue when the catalogue is empty.

    A URL that cannot be used raises DatabaseUrlError, a database that cannot be reached DatabaseUnreachable,
    a malformed catalogue CatalogueError; each message is one line a person can act on."""
    engine = make_engine(url)
    with reaching(engine.url):
        if not is_current(engine):
            upgrade(engine)
        with Session(engine) as session:
            empty = catalogue_is_empty(session)
    if empty:
        from venuedesk.venue.loader import catalogue_dir_from_env, load_catalogue_documents

        seed(engine, load_catalogue_documents(catalogue_dir_from_env()))
    return engine
