"""`POST /api/session`: a manager account logs in with email and password and gets a session token for the console
(stored hashed, expiring after 12 hours); failed logins are throttled per IP address and per account.
`GET /api/session` names the account a manager token speaks for and its role (the console shows owners their
Accounts page by it). `POST /api/session/logout` ends the session token it is sent with (the console's sign-out),
audited."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field

from venuedesk.accounts.service import SESSION_PREFIX, Account, log_in, log_out
from venuedesk.transports.api.auth import (
    CHALLENGE,
    bearer_token,
    count_failure,
    manager_account,
    manager_bearer,
    refuse_if_throttled,
    require_account,
)
from venuedesk.transports.api.deps import get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.workflow.desk import Desk

router = APIRouter(prefix="/api/session", tags=["manager"])
DeskDep = Annotated[Desk, Depends(get_desk)]


class LoginIn(BaseModel):
    """A manager account's email and password."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"email": "anna@venue.example", "password": "a long passphrase"}]})

    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class SessionOut(BaseModel):
    """The session token (send it as `Authorization: Bearer <token>`; shown once), its end and the account."""

    token: str
    expires_at: datetime
    email: str
    role: str


@router.post("", response_model=SessionOut, status_code=201,
             responses=error_responses(400, 401, 413, 422, 429, 500))
def create_session(request: Request, desk: DeskDep, body: LoginIn) -> SessionOut:
    """Log in: the right email and password of an enabled account give a session token valid for 12 hours; a wrong
    one is 401 without saying which part was wrong; after repeated failures from one address or for one account,
    429 with Retry-After."""
    account_key = f"account:{body.email.strip().lower()}"
    refuse_if_throttled(request, account_key)
    with desk.uow() as uow:
        issued = log_in(uow.session, body.email, body.password, desk.clock.now())
        uow.commit()
    if issued is None or issued.expires_at is None:
        count_failure(request, account_key)
        raise ApiError(401, "unauthorized", "wrong email or password, or the account is disabled",
                       headers=CHALLENGE)
    request.app.state.auth_throttle.succeeded(account_key)
    return SessionOut(token=issued.token, expires_at=issued.expires_at, email=issued.account.actor,
                      role=issued.account.role)


class AccountOut(BaseModel):
    """Who the bearer token speaks for: the account's email (`bootstrap` for the shared manager token) and role."""

    email: str
    role: str


@router.get("", response_model=AccountOut, responses=error_responses(401, 403, 429, 500))
def current_account(account: Annotated[Account, Depends(require_account)]) -> AccountOut:
    """The account the manager token (personal, session or bootstrap) speaks for and its role, so a page can offer
    only what the role may do; the API still checks the role on every request. A client's thread token is 403."""
    return AccountOut(email=account.actor, role=account.role)


@router.post("/logout", status_code=204, response_class=Response, responses=error_responses(400, 401, 429, 500))
def end_session(request: Request, desk: DeskDep,
                credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(manager_bearer)]) -> Response:
    """Sign out: the session token sent as the bearer stops working at once (204), audited as the account's own act.
    A personal or bootstrap token is 400 (`venuedesk users token` replaces a personal token); a token that is no
    live session is 401."""
    refuse_if_throttled(request)
    token = bearer_token(credentials)
    if not token.startswith(SESSION_PREFIX):
        if manager_account(request, token) is not None:
            raise ApiError(400, "not_a_session", "only a session token (POST /api/session) can sign out; a personal "
                           "token is replaced with `venuedesk users token`")
        count_failure(request)
        raise ApiError(401, "unauthorized", "the bearer token is not a session token", headers=CHALLENGE)
    with desk.uow() as uow:
        ended = log_out(uow.session, token, desk.clock.now())
        uow.commit()
    if ended is None:
        count_failure(request)
        raise ApiError(401, "unauthorized", "the session has ended already or never began; sign in again",
                       headers=CHALLENGE)
    return Response(status_code=204)
