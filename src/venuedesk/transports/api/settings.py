"""Manager settings: autonomy per message type (docs/design.md §4.13 Autonomy), read, changed and audited."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel

from venuedesk.domain.autonomy import MESSAGE_KINDS, MODES, Mode
from venuedesk.transports.api.auth import require_decider, require_manager
from venuedesk.transports.api.deps import get_desk
from venuedesk.transports.api.errors import error_responses
from venuedesk.workflow import abuse_limits
from venuedesk.workflow.autonomy import SETTING_KEY
from venuedesk.workflow.desk import Desk

router = APIRouter(prefix="/api/settings", tags=["manager"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Manager = Annotated[str, Depends(require_manager)]
Decider = Annotated[str, Depends(require_decider)]


class AutonomyOut(BaseModel):
    """Per message type: `review` (a manager approves first) or `auto` (sent at once, still audited)."""

    offer: Mode
    counter: Mode
    confirmation: Mode
    cancellation: Mode
    general: Mode


class SettingChangeOut(BaseModel):
    """One audited change: who changed the setting, when, from what to what."""

    changed_by: str
    changed_at: str
    before: dict[str, Any]
    after: dict[str, Any]


MODE_SCHEMA = {"type": "string", "enum": list(MODES)}
AUTONOMY_REQUEST = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "minProperties": 1, "additionalProperties": False,
    "properties": {kind: MODE_SCHEMA for kind in MESSAGE_KINDS}}, "example": {"offer": "auto"}}}}}
AUTONOMY_BODY = Body(description="A partial or full map of message type to `review` or `auto`; types: offer, "
                     "counter, confirmation, cancellation, general.", examples=[{"offer": "auto"}])


@router.get("/autonomy", response_model=AutonomyOut, responses=error_responses(401, 403, 500))
def get_autonomy(desk: DeskDep, manager: Manager) -> AutonomyOut:
    """The effective setting per message type: the manager's change, else the venue catalogue's default."""
    return AutonomyOut.model_validate(desk.autonomy())


@router.put("/autonomy", response_model=AutonomyOut, responses=error_responses(400, 401, 403, 413, 422, 500),
            openapi_extra=AUTONOMY_REQUEST)
def put_autonomy(desk: DeskDep, manager: Decider,
                 changes: Annotated[dict[str, Any], AUTONOMY_BODY]) -> AutonomyOut:
    """Change some or all message types; an unknown type or value is 422 naming the choices and changes nothing.
    Every change is audited (who, what, when); the effective settings come back."""
    return AutonomyOut.model_validate(desk.set_autonomy(changes, manager_id=manager))


@router.get("/autonomy/changes", response_model=list[SettingChangeOut], responses=error_responses(401, 403, 500))
def autonomy_changes(desk: DeskDep, manager: Manager) -> list[SettingChangeOut]:
    """The audit of autonomy changes, oldest first."""
    with desk.uow() as uow:
        return [SettingChangeOut(changed_by=row.changed_by, changed_at=row.changed_at.isoformat(),
                                 before=row.before, after=row.after)
                for row in uow.settings.changes(desk.venue.name, SETTING_KEY)]


LIMITS_BODY = Body(description="A partial map of limit to value: `max_open_holds_per_client`, `max_open_holds_per_ip` "
                   "(a count, null: no cap), `threads_per_ip`, `threads_per_token`, `messages_per_ip`, "
                   "`messages_per_token` (a rate such as \"30/minute\", null: no limit).",
                   examples=[{"max_open_holds_per_client": 5, "messages_per_ip": "600/minute"}])


@router.get("/limits", responses=error_responses(401, 403, 500))
def get_limits(desk: DeskDep, manager: Manager) -> dict[str, int | str | None]:
    """The venue's abuse limits now (docs/abuse.md): hold caps and rate limits, null where switched off."""
    with desk.uow() as uow:
        return abuse_limits.effective(uow, desk.venue).as_dict()


@router.put("/limits", responses=error_responses(400, 401, 403, 413, 422, 500))
def put_limits(request: Request, desk: DeskDep, manager: Decider,
               changes: Annotated[dict[str, Any], LIMITS_BODY]) -> dict[str, int | str | None]:
    """Change some limits; an unknown name or a value that is not a count or a rate is 422 and changes nothing.
    Every change is audited; the limits now come back (other API processes follow within seconds)."""
    with desk.uow() as uow:
        limits = abuse_limits.change(uow, desk.venue, changes, manager_id=manager, now=desk.clock.now())
        uow.commit()
    limiter = getattr(request.app.state, "rate_limiter", None)
    if limiter is not None:
        limiter.forget_limits()
    return limits.as_dict()


@router.get("/limits/changes", response_model=list[SettingChangeOut], responses=error_responses(401, 403, 500))
def limits_changes(desk: DeskDep, manager: Manager) -> list[SettingChangeOut]:
    """The audit of limit changes, oldest first."""
    with desk.uow() as uow:
        return [SettingChangeOut(changed_by=row.changed_by, changed_at=row.changed_at.isoformat(),
                                 before=row.before, after=row.after)
                for row in uow.settings.changes(desk.venue.name, abuse_limits.SETTING_KEY)]
