"""Manager accounts: create, list, change a role, disable, issue personal tokens, log in to a session and out of it,
and find the account a bearer token belongs to. Every change is audited with who made it; the last enabled owner can
be neither demoted nor disabled. Each function works inside the caller's session and transaction (the caller
commits)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, get_args

from sqlalchemy.orm import Session

from venuedesk.accounts.passwords import hash_password, verify_password
from venuedesk.store.account_models import AccountChangeRow, UserRow
from venuedesk.store.repositories.accounts import AccountRepository
from venuedesk.store.token_hash import token_digest

Role = Literal["owner", "manager", "viewer"]
ROLES: tuple[str, ...] = get_args(Role)
DECIDING_ROLES = frozenset({"owner", "manager"})
SESSION_LIFETIME = timedelta(hours=12)
PERSONAL_PREFIX = "vdp_"
SESSION_PREFIX = "vds_"
BOOTSTRAP_ID = "bootstrap"
COMMAND_LINE = "command line"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AccountError(ValueError):
    """A request about accounts that cannot be done (unknown email, taken email, bad role), said in one sentence."""


class UnknownAccount(AccountError):
    """No account has this email or id."""


class EmailTaken(AccountError):
    """An account with this email exists already."""


class LastOwner(AccountError):
    """The change would leave no enabled owner, so nobody could manage accounts any more."""


@dataclass(frozen=True)
class Account:
    """Who a manager request speaks for: the account's email (the actor in the audit) and role; the bootstrap token
    is an owner-equivalent account without a row."""

    actor: str
    role: str
    user_id: int | None = None

    @property
    def may_decide(self) -> bool:
        """Owners and managers decide tasks and change settings; viewers only read."""
        return self.role in DECIDING_ROLES


BOOTSTRAP = Account(BOOTSTRAP_ID, "owner")


@dataclass(frozen=True)
class NewToken:
    """A token just issued: the raw value, shown once and never stored, and when it expires (None: never)."""

    account: Account
    token: str
    expires_at: datetime | None = None


def normalise_email(email: str) -> str:
    """The email as stored and looked up: trimmed, lower case; AccountError when it is not an address."""
    value = email.strip().lower()
    if not _EMAIL.fullmatch(value) or len(value) > 320:
        raise AccountError(f"{email!r} is not an email address")
    return value


def _account(row: UserRow) -> Account:
    return Account(row.email, row.role, row.id)


def _issue(accounts: AccountRepository, row: UserRow, kind: str, now: datetime,
           expires_at: datetime | None = None) -> NewToken:
    prefix = PERSONAL_PREFIX if kind == "personal" else SESSION_PREFIX
    token = f"{prefix}{secrets.token_urlsafe(32)}"
    accounts.add_token(row.id, kind, token_digest(token), now, expires_at)
    return NewToken(_account(row), token, expires_at)


def create_user(session: Session, email: str, role: str, password: str, now: datetime, *,
                actor: str = COMMAND_LINE) -> NewToken:
    """A new account with its first personal token (WeakPassword or AccountError when it cannot be made), audited
    as made by `actor`."""
    _check_role(role)
    accounts = AccountRepository(session)
    address = normalise_email(email)
    if accounts.by_email(address) is not None:
        raise EmailTaken(f"an account for {address} exists already; `venuedesk users token` gives it a new token")
    row = accounts.add_user(address, role, hash_password(password), now)
    accounts.record_change(row, "created", {}, {"email": address, "role": role}, changed_by=actor, now=now)
    return _issue(accounts, row, "personal", now)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")


def users(session: Session) -> list[UserRow]:
    """Every account, oldest first."""
    return AccountRepository(session).users()


def last_sign_ins(session: Session) -> dict[int, datetime]:
    """When each account last signed in with its password (a session's start), by account id."""
    return AccountRepository(session).last_sign_ins()


def account_changes(session: Session, newest: int | None = None) -> list[tuple[AccountChangeRow, str]]:
    """The audit of account changes with each account's email, oldest first: all of it, or the `newest` last."""
    return AccountRepository(session).changes(newest)


def _require(accounts: AccountRepository, email: str) -> UserRow:
    row = accounts.by_email(normalise_email(email))
    if row is None:
        raise UnknownAccount(f"no account for {email.strip()}; `venuedesk users list` shows them")
    return row


def new_personal_token(session: Session, email: str, now: datetime, *, actor: str = COMMAND_LINE) -> NewToken:
    """A new personal token for an enabled account, audited; its earlier personal tokens stop working."""
    accounts = AccountRepository(session)
    row = _require(accounts, email)
    if row.disabled_at is not None:
        raise AccountError(f"the account {row.email} is disabled")
    accounts.revoke(row.id, now, kind="personal")
    accounts.record_change(row, "token_issued", {}, {}, changed_by=actor, now=now)
    return _issue(accounts, row, "personal", now)


def user_by_id(session: Session, user_id: int) -> UserRow:
    """The account with this id (UnknownAccount otherwise)."""
    row = AccountRepository(session).by_id(user_id)
    if row is None:
        raise UnknownAccount(f"no account has the id {user_id}; GET /api/users lists them")
    return row


def _keep_an_owner(accounts: AccountRepository, row: UserRow, what: str) -> None:
    """LastOwner when `row` is the only enabled owner (the owners are locked until the transaction ends)."""
    owners = accounts.enabled_owners()
    if [owner.id for owner in owners] == [row.id]:
        raise LastOwner(f"{row.email} is the last enabled owner and cannot be {what}; make another account owner "
                        "first")


def change_role(session: Session, user_id: int, role: str, now: datetime, *, actor: str) -> UserRow:
    """Give an account another role, audited; the last enabled owner cannot be demoted (LastOwner)."""
    _check_role(role)
    accounts = AccountRepository(session)
    row = user_by_id(session, user_id)
    if row.role == role:
        return row
    if row.role == "owner" and row.disabled_at is None:
        _keep_an_owner(accounts, row, f"made {role}")
    before = row.role
    row.role = role
    accounts.record_change(row, "role_changed", {"role": before}, {"role": role}, changed_by=actor, now=now)
    return row


def disable(session: Session, row: UserRow, now: datetime, *, actor: str) -> UserRow:
    """Disable an account: its tokens and sessions stop working at once, audited; disabling twice changes nothing,
    and the last enabled owner cannot be disabled (LastOwner)."""
    if row.disabled_at is not None:
        return row
    accounts = AccountRepository(session)
    if row.role == "owner":
        _keep_an_owner(accounts, row, "disabled")
    accounts.disable(row, now)
    accounts.record_change(row, "disabled", {"disabled": False}, {"disabled": True}, changed_by=actor, now=now)
    return row


def enable(session: Session, row: UserRow, now: datetime, *, actor: str) -> UserRow:
    """Enable a disabled account again, audited: it signs in with its password; the tokens and sessions ended when it
    was disabled stay ended (a new personal token: `venuedesk users token`). Enabling twice changes nothing."""
    if row.disabled_at is None:
        return row
    accounts = AccountRepository(session)
    accounts.enable(row)
    accounts.record_change(row, "enabled", {"disabled": True}, {"disabled": False}, changed_by=actor, now=now)
    return row


def enable_user(session: Session, email: str, now: datetime, *, actor: str = COMMAND_LINE) -> UserRow:
    """Enable the account with this email again (see `enable`)."""
    return enable(session, _require(AccountRepository(session), email), now, actor=actor)


def disable_user(session: Session, email: str, now: datetime, *, actor: str = COMMAND_LINE) -> UserRow:
    """Disable the account with this email (see `disable`)."""
    return disable(session, _require(AccountRepository(session), email), now, actor=actor)


def log_in(session: Session, email: str, password: str, now: datetime) -> NewToken | None:
    """A session token (expiring after SESSION_LIFETIME) for the right email and password of an enabled account;
    None otherwise (which of them was wrong is not said)."""
    accounts = AccountRepository(session)
    try:
        row = accounts.by_email(normalise_email(email))
    except AccountError:
        row = None
    if not verify_password(row.password_hash if row is not None else None, password) or row is None:
        return None
    if row.disabled_at is not None:
        return None
    accounts.drop_expired_sessions(row.id, now)
    return _issue(accounts, row, "session", now, now + SESSION_LIFETIME)


def holder(session: Session, token: str, now: datetime) -> Account | None:
    """The enabled account a live personal or session token belongs to, looked up by the token's digest."""
    row = AccountRepository(session).holder(token_digest(token), now)
    return _account(row) if row is not None else None


def owner_exists(session: Session) -> bool:
    """Whether an owner account was ever created (from then on the bootstrap token is refused)."""
    return AccountRepository(session).owner_exists()


def log_out(session: Session, token: str, now: datetime) -> Account | None:
    """End a live session token, audited as the account's own act; None when `token` is no live session token."""
    accounts = AccountRepository(session)
    stored = accounts.token_row(token_digest(token))
    row = accounts.holder(token_digest(token), now)
    if stored is None or row is None or stored.kind != "session":
        return None
    stored.revoked_at = now
    accounts.record_change(row, "logged_out", {}, {}, changed_by=row.email, now=now)
    return _account(row)
