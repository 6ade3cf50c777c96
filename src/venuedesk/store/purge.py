"""After an erasure (docs/privacy.md), leave nothing erased recoverable from the database's own files: on SQLite the
free pages and the WAL that hold earlier page images, on PostgreSQL the dead row versions (and the free space they
leave in a page) of the tables an erasure rewrites.
"""

from __future__ import annotations

import logging
import sqlite3
import time

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from venuedesk.store.chatkit_models import ChatKitAttachmentRow, ChatKitItemRow, ChatKitThreadRow
from venuedesk.store.document_models import FunctionSheetRow, OfferDocumentRow
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
from venuedesk.store.pipeline_models import LostReasonRow
from venuedesk.store.sqlite_writes import QueuedConnection

log = logging.getLogger("venuedesk.privacy")
ERASED_TABLES: tuple[str, ...] = tuple(str(row.__tablename__) for row in (
    ThreadRow, EventRow, MessageRow, InboxRow, OutboxRow, ToolCallRow, HilTaskRow, MailMessageRow,
    ChatKitThreadRow, ChatKitItemRow, ChatKitAttachmentRow, OfferDocumentRow, FunctionSheetRow, LostReasonRow))
"""The tables `store/anonymise.anonymise_thread` and `store/privacy.erase_thread` update or delete in."""
OLDER_TRANSACTIONS_WAIT = 10.0
"""How long (seconds) the purge waits for transactions older than it, in any database of the server, to end."""
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
    logged) and is rewritten by the next purge. A rewrite copies the dead row versions some snapshot may still see,
    and VACUUM FULL's own snapshot counts: its xmin is the oldest transaction still running anywhere on the server
    (another database's too), so the purge first waits for every transaction older than it to end
    (`_older_transactions_ended`)."""
    with engine.connect() as connection:
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        rewritten = _older_transactions_ended(autocommit, OLDER_TRANSACTIONS_WAIT)
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


def _older_transactions_ended(autocommit: Connection, timeout: float) -> bool:
    """Wait until every transaction that had an id when the purge began, in any database of the server, has ended:
    the erased row versions are then dead to every snapshot the rewrite can take. False after `timeout` seconds
    (logged): the rewrite still runs but may keep them, and the next purge clears them."""
    # A transaction id of our own, committed at once: newer than every id assigned before (a snapshot's xmax is not:
    # it is the newest *finished* id plus one, and transactions still running may hold ids past it).
    began = autocommit.scalar(text("SELECT CAST(pg_current_xact_id() AS text)"))
    deadline = time.monotonic() + timeout
    while not autocommit.scalar(text("SELECT pg_snapshot_xmin(pg_current_snapshot()) > CAST(:began AS xid8)"),
                                {"began": began}):
        if time.monotonic() >= deadline:
            log.warning("a transaction older than the erasure still runs: the rewrite may keep erased row versions",
                        extra={"waited_seconds": timeout})
            return False
        time.sleep(0.05)
    return True
