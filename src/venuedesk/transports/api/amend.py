"""`POST /api/events/{event_id}/amend`: the manager amends a Confirmed booking (docs/amendments.md). The engine
reprices it; the body carries facts only, never a price (an unknown field such as `total` is refused, 422)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from venuedesk.domain.amendment import MAX_NOTES_CHARS, AmendmentRequest, ProductChange
from venuedesk.transports.api.auth import require_decider
from venuedesk.transports.api.deps import IdempotencyKey, get_desk
from venuedesk.transports.api.errors import error_responses
from venuedesk.workflow.amendment import AmendmentOut
from venuedesk.workflow.desk import Desk

router = APIRouter(tags=["manager"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Decider = Annotated[str, Depends(require_decider)]
EventId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$", examples=["evt_8c1f0a2b"])]
HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"
END_HHMM = r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$"


class ProductLineIn(BaseModel):
    """A product line of the catalogue and its quantity: 0 removes it; per-person, per-event and per-hour products
    count as the pricing rules say (the quantity only adds them)."""

    model_config = ConfigDict(extra="forbid")

    product_id: str = Field(min_length=1, max_length=64, examples=["projector"])
    quantity: int = Field(ge=0, le=10_000)


class AmendIn(BaseModel):
    """What changes; a field left out keeps the booked value. At least one must change (else 422)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"participants": 35, "products": [{"product_id": "projector", "quantity": 1}], "notes": "Vegan lunch x4"}]})

    participants: int | None = Field(default=None, ge=1, le=10_000)
    start_time: str | None = Field(default=None, pattern=HHMM)
    end_time: str | None = Field(default=None, pattern=END_HHMM)
    date: dt.date | None = None
    room_id: str | None = Field(default=None, min_length=1, max_length=64)
    products: list[ProductLineIn] = Field(default_factory=list, max_length=50)
    notes: str | None = Field(default=None, max_length=MAX_NOTES_CHARS, description="notes for the staff; \"\" "
                              "clears them; on the function sheet, not sent to the client")
    resolves_task: str | None = Field(default=None, min_length=1, max_length=255,
                                      description="an open manual_review task of the thread this amendment answers")

    def request(self) -> AmendmentRequest:
        """The domain's request."""
        return AmendmentRequest(
            participants=self.participants, start_time=self.start_time, end_time=self.end_time,
            products=tuple(ProductChange(line.product_id, line.quantity) for line in self.products),
            notes=self.notes, day=self.date, room_id=self.room_id)


@router.post("/api/events/{event_id}/amend", response_model=AmendmentOut,
             responses=error_responses(400, 401, 403, 404, 409, 413, 422, 429, 500))
async def amend_booking(desk: DeskDep, manager: Decider, event_id: EventId, body: AmendIn,
                        idempotency_key: IdempotencyKey = None) -> AmendmentOut:
    """Amend a Confirmed booking: head count, window, date, room, product lines, notes for the staff. The engine
    reprices it (docs/venue.md), records the amended terms as a new Accepted offer version, tells the client what
    changed, the new total and any deposit due now, and the function sheet gets its next version. The same
    Idempotency-Key returns the same answer; a head count over the room's capacity, an unknown product or a change
    that changes nothing is 422 naming the field; a slot taken by another booking is 409 naming it; a viewer or a
    client token is 403."""
    return await run_in_threadpool(desk.amend_booking, event_id, body.request(), manager_id=manager,
                                   idempotency_key=idempotency_key, resolves_task=body.resolves_task)
