"""After an erasure (docs/privacy.md), leave nothing erased recoverable from the database's own files: on SQLite the
free pages and the WAL that hold earlier page images, on PostgreSQL the dead row versions (and the free space they
leave in a page) of the tables an erasure rewrites.
"""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from venuedesk.store.chatkit_models import ChatKitAttachmentRow, ChatKitItemRow, ChatKitThreadRow
from venuedesk.store.models import (
    EventRow,
    HilTaskRow,
    InboxRow,
    MailMessageRow,
    MessageRow,
    OutboxRow,
    ThreadRow,
    ToolCallRow,
)
from venuedesk.store.sqlite_writes import QueuedConnection

log = logging.getLogger("venuedesk.privacy")
ERASED_TABLES: tuple[str, ...] = tuple(str(row.__tablename__) for row in (
    ThreadRow, EventRow, MessageRow, InboxRow, OutboxRow, ToolCallRow, HilTaskRow, MailMessageRow,
    ChatKitThreadRow, ChatKitItemRow, ChatKitAttachmentRow))
"""The tables `store/anonymise.anonymise_thread` and `store/privacy.erase_thread` update or delete in."""
LOCK_TIMEOUT = "5s"
"""How long VACUUM FULL waits for a table's exclusive lock before the plain VACUUM is run on it instead."""
_LOCK_NOT_AVAILABLE = "55P03"


def purge_free_pages(engine: Engine) -> bool:
    """Rid the database files of what an erasure changed or deleted: `_purge_sqlite` or `_purge_postgres`. False
    when it could not (logged; the erased rows are anonymised all the same, the next purge also clears them)."""
    if engine.dialect.name == "sqlite":
        return _purge_sqlite(engine)
    if engine.dialect.name == "postgresql":
        return _purge_postgres(engine)
    return False


def _purge_sqlite(engine: Engine) -> bool:
    """Every connection already zeroes what it deletes (`PRAGMA secure_delete=ON`, store/db.py); VACUUM rebuilds
    the file without free pages and `wal_checkpoint(TRUNCATE)` empties the WAL that held earlier page images."""
    raw = engine.raw_connection()
    try:
        connection = raw.dbapi_connection
        queued = connection if isinstance(connection, QueuedConnection) else None
        if connection is None:
            return False
        if queued is not None:
            queued.queue_for_write()
        cursor = connection.cursor()
        try:
            for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
                cursor.execute(statement)
        except sqlite3.OperationalError as exc:  # busy past the timeout: the erasure stands, the next one purges
            log.warning("purging the erased pages failed", extra={"error": str(exc)})
            return False
        finally:
            cursor.close()
            if queued is not None:
                queued.write_done()
    finally:
        raw.close()
    return True


def _purge_postgres(engine: Engine) -> bool:
    """`VACUUM FULL` each erased table outside a transaction: the table and its indexes are rewritten into new files
    holding only the live rows, so the erased row versions and the page space they took are gone (a plain VACUUM
    would only mark that space free, leaving the bytes in the file). It locks the table out for the rewrite, so it
    waits for the lock at most LOCK_TIMEOUT; a table still busy then gets the plain VACUUM (its dead rows reclaimed,
    logged) and is rewritten by the next purge."""
    rewritten = True
    with engine.connect() as connection:
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        autocommit.execute(text(f"SET lock_timeout = '{LOCK_TIMEOUT}'"))
        try:
            for table in ERASED_TABLES:
                try:
                    autocommit.execute(text(f'VACUUM FULL "{table}"'))
                except OperationalError as exc:
                    if getattr(exc.orig, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
                        raise
                    log.warning("a table stayed busy: vacuumed without the rewrite", extra={"table": table})
                    autocommit.execute(text(f'VACUUM "{table}"'))
                    rewritten = False
        finally:
            autocommit.execute(text("RESET lock_timeout"))
    return rewritten
