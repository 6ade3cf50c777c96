"""A fresh, empty booking database for one script run: a new SQLite file, or a PostgreSQL schema dropped after."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from venuedesk.store.db import ensure_ready, make_engine
from venuedesk.store.errors import parse_database_url, reaching


@contextmanager
def fresh_database(url: str | None) -> Iterator[Engine]:
    """Yield a migrated, seeded engine on an empty database; clean up what the run created."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix="venuedesk-run-") as folder:
            engine = ensure_ready(f"sqlite:///{Path(folder) / 'run.sqlite3'}")
            try:
                yield engine
            finally:
                engine.dispose()
        return
    parsed = parse_database_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        engine = ensure_ready(url)
        try:
            yield engine
        finally:
            engine.dispose()
        return
    with _postgres_schema(url) as schema_url:
        engine = ensure_ready(schema_url)
        try:
            yield engine
        finally:
            engine.dispose()


@contextmanager
def _postgres_schema(url: str) -> Iterator[str]:
    schema = f"vd_run_{secrets.token_hex(6)}"
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with reaching(url), admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except BaseException:
        admin.dispose()
        raise
    try:
        parsed = parse_database_url(url)
        options = dict(parsed.query)
        options["options"] = f"-csearch_path={schema}"
        yield parsed.set(query=options).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
