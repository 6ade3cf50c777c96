"""`/api/users`: an owner manages the manager accounts over HTTP (docs/accounts.md): list them with their last
sign-in, create one with a role (its personal token shown once; never a password or its hash), change a role,
disable one or enable it again, and read the audit of these changes. Managers and viewers get 403; demoting or
disabling the last enabled owner is 409 `last_owner`. Accounts are named by id in the path, so no email lands in an
access log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from venuedesk.accounts.passwords import WeakPassword
from venuedesk.accounts.service import (
    Account,
    AccountError,
    EmailTaken,
    LastOwner,
    Role,
    UnknownAccount,
    account_changes,
    change_role,
    create_user,
    disable,
    enable,
    last_sign_ins,
    user_by_id,
    users,
)
from venuedesk.store.account_models import UserRow
from venuedesk.transports.api.auth import require_owner
from venuedesk.transports.api.deps import get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.workflow.desk import Desk

router = APIRouter(prefix="/api/users", tags=["accounts"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Owner = Annotated[Account, Depends(require_owner)]
UserId = Annotated[int, Path(ge=1, description="The account's id (GET /api/users).")]
ChangesLimit = Annotated[int | None, Query(ge=1, le=1000,
                                           description="Only the newest N changes (still oldest first).")]
T = TypeVar("T")


class UserOut(BaseModel):
    """A manager account: id, email (its login), role, when it was made, once disabled when, and when it last signed
    in with its password (None: never; a personal token's use is not a sign-in)."""

    id: int
    email: str
    role: str
    created_at: datetime
    disabled_at: datetime | None
    last_sign_in_at: datetime | None = None


class NewUserIn(BaseModel):
    """A new account: its email, role and first password (at least 12 characters)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"email": "max@venue.example", "role": "manager", "password": "a long passphrase"}]})

    email: str = Field(min_length=3, max_length=320)
    role: Role = "manager"
    password: str = Field(min_length=1, max_length=1024)


class NewUserOut(BaseModel):
    """The account made and its personal token (send it as `Authorization: Bearer <token>`; shown once)."""

    user: UserOut
    token: str


class RoleIn(BaseModel):
    """The account's new role."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"role": "viewer"}]})

    role: Role


class AccountChangeOut(BaseModel):
    """One audited change of an account: what was done, from what to what, by whom and when."""

    user_id: int
    email: str
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    changed_by: str
    changed_at: datetime


def _out(row: UserRow, signed_in: dict[int, datetime] | None = None) -> UserOut:
    return UserOut(id=row.id, email=row.email, role=row.role, created_at=row.created_at, disabled_at=row.disabled_at,
                   last_sign_in_at=(signed_in or {}).get(row.id))


@contextmanager
def _account_errors() -> Iterator[None]:
    """An account problem as the API's error: 404 unknown, 409 taken or last owner, 422 otherwise."""
    try:
        yield
    except UnknownAccount as exc:
        raise ApiError(404, "not_found", str(exc)) from exc
    except LastOwner as exc:
        raise ApiError(409, "last_owner", str(exc)) from exc
    except EmailTaken as exc:
        raise ApiError(409, "email_taken", str(exc), field="email") from exc
    except WeakPassword as exc:
        raise ApiError(422, "invalid_input", str(exc), field="password") from exc
    except AccountError as exc:
        raise ApiError(422, "invalid_input", str(exc)) from exc


def _committed(desk: Desk, work: Callable[[Any, datetime], T]) -> T:
    """Run `work(session, now)` in one unit of work and commit it; account problems become API errors."""
    with _account_errors(), desk.uow() as uow:
        result = work(uow.session, desk.clock.now())
        uow.commit()
    return result


@router.get("", response_model=list[UserOut], responses=error_responses(401, 403, 429, 500))
def list_users(desk: DeskDep, owner: Owner) -> list[UserOut]:
    """Every account, oldest first, disabled ones too, each with its last sign-in."""
    with desk.uow() as uow:
        signed_in = last_sign_ins(uow.session)
        return [_out(row, signed_in) for row in users(uow.session)]


@router.post("", response_model=NewUserOut, status_code=201,
             responses=error_responses(400, 401, 403, 409, 413, 422, 429, 500))
def add_user(desk: DeskDep, owner: Owner, body: NewUserIn) -> NewUserOut:
    """Create an account with a role and a first password; its personal token comes back once. A taken email is
    409 `email_taken`; a short password or a malformed email is 422. Audited with the owner."""
    issued = _committed(desk, lambda session, now: create_user(session, body.email, body.role, body.password, now,
                                                               actor=owner.actor))
    with desk.uow() as uow:
        row = user_by_id(uow.session, issued.account.user_id or 0)
    return NewUserOut(user=_out(row), token=issued.token)


@router.put("/{user_id}/role", response_model=UserOut,
            responses=error_responses(400, 401, 403, 404, 409, 413, 422, 429, 500))
def put_role(desk: DeskDep, owner: Owner, user_id: UserId, body: RoleIn) -> UserOut:
    """Give the account another role (owner, manager, viewer); the last enabled owner cannot be demoted (409
    `last_owner`). Audited with the owner."""
    return _out(_committed(desk, lambda session, now: change_role(session, user_id, body.role, now,
                                                                  actor=owner.actor)))


@router.post("/{user_id}/disable", response_model=UserOut,
             responses=error_responses(401, 403, 404, 409, 422, 429, 500))
def disable_account(desk: DeskDep, owner: Owner, user_id: UserId) -> UserOut:
    """Disable the account: its personal token and sessions stop working at once; again changes nothing. The last
    enabled owner cannot be disabled (409 `last_owner`). Audited with the owner."""
    return _out(_committed(desk, lambda session, now: disable(session, user_by_id(session, user_id), now,
                                                              actor=owner.actor)))


@router.post("/{user_id}/enable", response_model=UserOut,
             responses=error_responses(401, 403, 404, 422, 429, 500))
def enable_account(desk: DeskDep, owner: Owner, user_id: UserId) -> UserOut:
    """Enable a disabled account again: it signs in with its password; the tokens and sessions ended when it was
    disabled stay ended. Again changes nothing. Audited with the owner."""
    return _out(_committed(desk, lambda session, now: enable(session, user_by_id(session, user_id), now,
                                                             actor=owner.actor)))


@router.get("/changes", response_model=list[AccountChangeOut], responses=error_responses(401, 403, 429, 500))
def list_account_changes(desk: DeskDep, owner: Owner, limit: ChangesLimit = None) -> list[AccountChangeOut]:
    """The audit of account changes (created, role_changed, disabled, enabled, token_issued, logged_out), oldest
    first; `?limit=N` keeps the newest N (the console shows the last 20)."""
    with desk.uow() as uow:
        return [AccountChangeOut(user_id=change.user_id, email=email, action=change.action, before=change.before,
                                 after=change.after, changed_by=change.changed_by, changed_at=change.changed_at)
                for change, email in account_changes(uow.session, limit)]
