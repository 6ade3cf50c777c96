"""The calendar view's endpoints (docs/calendar-view.md): the rooms × days grid as JSON for any manager account, the
rooms' signed feed addresses for those who may decide, and each room's `.ics` feed behind its signed address."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from venuedesk.domain.calendar_grid import MAX_DAYS, GridRangeError
from venuedesk.transports.api.auth import require_decider, require_manager
from venuedesk.transports.api.deps import get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.transports.feed_tokens import feed_path, feed_secret, feed_token, token_holds
from venuedesk.transports.language import ManagerLanguage
from venuedesk.workflow.calendar_view import calendar_grid
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.room_feed import UnknownFeedRoom, room_feed

router = APIRouter(tags=["calendar"])
DeskDep = Annotated[Desk, Depends(get_desk)]
BAD_FEED_TOKEN = ("this calendar feed address is not valid for room {room}: its token was mistyped, or the venue "
                  "rotated the feed secret, which revokes every address given out before; ask the venue's manager "
                  "for the current address (`venuedesk calendars feeds`)")
GRID_EXAMPLE = {
    "from": "2026-03-09", "to": "2026-03-15", "now": "2026-02-02T09:00:00+01:00",
    "days": [{"date": "2026-03-09", "weekday": 0, "today": False, "closed": None}],
    "rooms": [{"room_id": "room-b", "name": "Room B", "calendar_failures": [], "cells": [
        {"date": "2026-03-09", "closed": False, "unconfirmed": False, "entries": [
            {"kind": "option", "start": "09:00", "end": "17:00", "client": "anna@example.com", "participants": 30,
             "event_id": "evt_8c1f", "thread_id": "thr_8c1f", "expires_at": "2026-02-09T09:00:00+01:00",
             "lapsed": False, "source_id": None, "all_day": False,
             "waiting": [{"event_id": "evt_77aa", "thread_id": "thr_77aa", "client": "ben@example.com",
                          "place": 2}]}]}]}],
}


@router.get("/api/calendar", response_model=dict[str, Any], responses={
    **error_responses(401, 403, 422, 500),
    200: {"description": "Rooms × days", "content": {"application/json": {"example": GRID_EXAMPLE}}}})
def get_calendar_grid(
    desk: DeskDep, manager: Annotated[str, Depends(require_manager)], language: ManagerLanguage,
    first: Annotated[date | None, Query(alias="from", description="First day (ISO 8601); today by default. The whole span must lie within 1900-01-01 to 2999-12-31.")] = None,
    days: Annotated[int, Query(description=f"How many days, 1 to {MAX_DAYS}.")] = 7,
) -> dict[str, Any]:
    """Every room × each day from `from`: holds (`option`, with `expires_at`, `lapsed` once past it and the 2nd
    options `waiting` behind it), `confirmed` bookings, external `busy` blocks from the rooms' own calendars
    (their window includes the room's buffers), a lone `waiting` 2nd option whose hold is gone, closed days
    (holidays, blackouts) and `unconfirmed` cells of a room whose calendar could not be read. Any role may read."""
    start = first or desk.clock.now().date()
    try:
        return calendar_grid(desk, start, days, language).to_json()
    except GridRangeError as exc:
        raise ApiError(422, "invalid_input", str(exc), exc.field) from None


@router.get("/api/calendar/feeds", response_model=list[dict[str, str]],
            responses=error_responses(401, 403, 500))
def list_feeds(
    request: Request, desk: DeskDep, manager: Annotated[str, Depends(require_decider)], language: ManagerLanguage,
) -> list[dict[str, str]]:
    """Each room's signed `.ics` feed address (`path`, and `url` under VENUEDESK_PUBLIC_URL) for the venue's own
    calendar apps; owner or manager only, since an address opens its room's bookings to whoever holds it."""
    secret = feed_secret(request.app.state.home)
    base = str(request.app.state.mail_settings.public_url).rstrip("/")
    feeds = []
    for room in desk.venue.rooms:
        path = feed_path(room.id, feed_token(secret, room.id, desk.venue_id), desk.venue_id)
        feeds.append({"room_id": room.id, "name": room.label(language), "path": path, "url": base + path})
    return feeds


@router.get("/calendar/{room_id}.ics", response_class=Response, include_in_schema=True, responses={
    200: {"content": {"text/calendar": {}}, "description": "The room's bookings (RFC 5545)"},
    **error_responses(403, 404, 500)})
def get_room_feed(request: Request, desk: DeskDep, room_id: str, token: str = "") -> Response:
    """The room's options (TENTATIVE) and confirmed bookings (CONFIRMED) from 30 days ago on, for a calendar app to
    subscribe to; no client data. The address's `token` is the room's signature (403 when it does not hold)."""
    if not token or not token_holds(feed_secret(request.app.state.home), room_id, token, desk.venue_id):
        raise ApiError(403, "forbidden", BAD_FEED_TOKEN.format(room=room_id))
    try:
        ics = room_feed(desk, room_id)
    except UnknownFeedRoom as exc:
        raise ApiError(404, "not_found", str(exc)) from None
    return Response(content=ics, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{room_id}.ics"', "Cache-Control": "no-store"})
