"""The GDPR requests a manager makes for a client (docs/privacy.md): export everything stored about them, or erase
it in every thread of theirs, each in one transaction and audited in the log (who, which threads; never the address) and, for an erasure, in each event's audit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from venuedesk.clock import Clock
from venuedesk.store.privacy import erase_client, export_client
from venuedesk.store.purge import purge_free_pages
from venuedesk.store.uow import UnitOfWork, make_session_factory
from venuedesk.store.tenancy import DEFAULT_VENUE

log = logging.getLogger("venuedesk.privacy")


def export_by_email(engine: Engine, clock: Clock, email: str, *, actor: str,
                    venue_id: str = DEFAULT_VENUE) -> dict[str, Any]:
    """Everything stored about the client with this email as JSON-ready data (`store/privacy.export_client`),
    read in one transaction of the venue `venue_id`; the export is audited."""
    with UnitOfWork(make_session_factory(engine, venue_id), clock) as uow:
        exported = export_client(uow.session, email)
    log.info("privacy export", extra={"actor": actor, "threads": [t["thread_id"] for t in exported["threads"]]})
    return exported


def erase_by_email(engine: Engine, clock: Clock, email: str, *, actor: str,
                   forget_files: Callable[[str], object] | None = None, venue_id: str = DEFAULT_VENUE) -> list[str]:
    """Erase the client's data in every thread of theirs at `venue_id` in one transaction (`store/privacy.erase_client`), then
    their kept mail files (`forget_files` per thread) and, on SQLite, the erased bytes left in the file's free pages
    and WAL; audited. The ids of the threads erased come back (none the second time)."""
    with UnitOfWork(make_session_factory(engine, venue_id), clock) as uow:
        erased = erase_client(uow.session, email, uow.now(), actor)
        uow.commit()
    for thread_id in erased.thread_ids:
        if forget_files is not None:
            forget_files(thread_id)
    if erased.thread_ids:
        purge_free_pages(engine)
    log.info("privacy erasure", extra={"actor": actor, "threads": erased.thread_ids})
    return erased.thread_ids
