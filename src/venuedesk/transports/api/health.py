"""Liveness (/healthz) and readiness (/readyz: the database answers and its schema is current)."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from venuedesk.store.db import is_current
from venuedesk.transports.api.deps import get_desk
from venuedesk.transports.api.errors import error_response, error_responses
from venuedesk.transports.api.schemas import Health
from venuedesk.workflow.desk import Desk

router = APIRouter(tags=["health"])
log = logging.getLogger("venuedesk.api")


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses=error_responses(503))
def readyz(desk: Annotated[Desk, Depends(get_desk)]) -> Health | JSONResponse:
    """200 when the database answers and is migrated to the newest revision; 503 with the reason otherwise."""
    try:
        current = is_current(desk.engine)
    except Exception as exc:  # noqa: BLE001 - any database failure means not ready
        log.warning("readiness check failed", extra={"error": type(exc).__name__})
        return error_response(503, "not_ready", f"the database is unreachable: {type(exc).__name__}")
    if not current:
        return error_response(503, "not_ready", "the database schema is behind; run `venuedesk db upgrade`")
    return Health(status="ready")
