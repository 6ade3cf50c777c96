"""Shared request dependencies: the venue's Desk, the Idempotency-Key header, path parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Path, Request

from venuedesk.transports.venues import desk_for
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.keys import MAX_KEY_CHARS


async def get_desk(request: Request) -> Desk:
    """The Desk of the request's venue (transports/venues.py; async: a trivial dependency is not worth a hop to
    FastAPI's thread pool)."""
    return desk_for(request)


IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", min_length=1, max_length=MAX_KEY_CHARS,
    description="Send the same key again to get the stored Reply back; nothing runs twice.",
    examples=["msg-2026-02-02-0001"])]
ThreadId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$",
                               examples=["thr_8c1f0a2b3c4d5e6f"])]
TaskId = Annotated[str, Path(min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$",
                             examples=["thr_8c1f0a2b3c4d5e6f-hil-1"])]
