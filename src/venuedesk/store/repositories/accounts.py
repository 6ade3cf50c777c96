"""Manager accounts and their token hashes (docs/accounts.md): add, find, list, change the role, disable; issue and
revoke tokens; when each last signed in; the audit of account changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from venuedesk.store.account_models import AccountChangeRow, UserRow, UserTokenRow


class AccountRepository:
    """Users and user tokens over one session; tokens are stored and found by their digest only."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_user(self, email: str, role: str, password_hash: str, now: datetime) -> UserRow:
        """Insert an account (the caller checked the email is free)."""
        row = UserRow(email=email, role=role, password_hash=password_hash, created_at=now, disabled_at=None)
        self.session.add(row)
        self.session.flush()
        return row

    def by_email(self, email: str) -> UserRow | None:
        """The account with this (normalised) email, or None."""
        return self.session.scalars(select(UserRow).where(UserRow.email == email)).first()

    def by_id(self, user_id: int) -> UserRow | None:
        """The account with this id, or None."""
        return self.session.get(UserRow, user_id)

    def enabled_owners(self) -> list[UserRow]:
        """The enabled owner accounts, locked until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's unit of
        work holds the write lock already), so two owners demoting each other at once cannot leave none."""
        statement = (select(UserRow).where(UserRow.role == "owner", UserRow.disabled_at.is_(None))
                     .order_by(UserRow.id).with_for_update())
        return list(self.session.scalars(statement))

    def users(self) -> list[UserRow]:
        """Every account, oldest first."""
        return list(self.session.scalars(select(UserRow).order_by(UserRow.id)))

    def last_sign_ins(self) -> dict[int, datetime]:
        """When each account last signed in: its newest session's start (each login makes one, and the newest is
        kept until the next login), by account id; an account that never signed in is absent."""
        statement = (select(UserTokenRow.user_id, func.max(UserTokenRow.created_at))
                     .where(UserTokenRow.kind == "session").group_by(UserTokenRow.user_id))
        return {user_id: started for user_id, started in self.session.execute(statement)}

    def owner_exists(self) -> bool:
        """Whether an owner account was ever created (disabled or not): the bootstrap token's end."""
        count = self.session.scalar(select(func.count()).select_from(UserRow).where(UserRow.role == "owner"))
        return bool(count)

    def add_token(self, user_id: int, kind: str, token_hash: str, now: datetime,
                  expires_at: datetime | None = None) -> UserTokenRow:
        """Store the digest of a new token of `kind` (`personal` or `session`)."""
        row = UserTokenRow(user_id=user_id, kind=kind, token_hash=token_hash, created_at=now, expires_at=expires_at,
                           revoked_at=None)
        self.session.add(row)
        self.session.flush()
        return row

    def revoke(self, user_id: int, now: datetime, kind: str | None = None) -> int:
        """End the account's live tokens (of one kind, or all); how many were ended."""
        statement = (update(UserTokenRow).where(UserTokenRow.user_id == user_id, UserTokenRow.revoked_at.is_(None))
                     .values(revoked_at=now))
        if kind is not None:
            statement = statement.where(UserTokenRow.kind == kind)
        return int(getattr(self.session.execute(statement), "rowcount", 0) or 0)

    def drop_expired_sessions(self, user_id: int, now: datetime) -> None:
        """Delete the account's sessions that have expired (each login tidies up after the earlier ones)."""
        self.session.execute(delete(UserTokenRow).where(
            UserTokenRow.user_id == user_id, UserTokenRow.kind == "session", UserTokenRow.expires_at <= now))

    def holder(self, token_hash: str, now: datetime) -> UserRow | None:
        """The enabled account a live (not revoked, not expired) token digest belongs to, or None."""
        statement = (select(UserRow).join(UserTokenRow, UserTokenRow.user_id == UserRow.id)
                     .where(UserTokenRow.token_hash == token_hash, UserTokenRow.revoked_at.is_(None),
                            UserRow.disabled_at.is_(None))
                     .where((UserTokenRow.expires_at.is_(None)) | (UserTokenRow.expires_at > now)))
        return self.session.scalars(statement).first()

    def disable(self, row: UserRow, now: datetime) -> None:
        """Disable the account and end all its tokens."""
        row.disabled_at = now
        self.revoke(row.id, now)
        self.session.flush()

    def enable(self, row: UserRow) -> None:
        """Enable the account again; its ended tokens stay ended."""
        row.disabled_at = None
        self.session.flush()

    def record_change(self, row: UserRow, action: str, before: dict[str, Any], after: dict[str, Any], *,
                      changed_by: str, now: datetime) -> None:
        """Audit one change of an account: what was done, from what to what, by whom."""
        self.session.add(AccountChangeRow(user_id=row.id, action=action, before=before, after=after,
                                          changed_by=changed_by, changed_at=now))
        self.session.flush()

    def changes(self, newest: int | None = None) -> list[tuple[AccountChangeRow, str]]:
        """The audited account changes with the account's email, oldest first: every one, or the `newest` last."""
        statement = (select(AccountChangeRow, UserRow.email).join(UserRow, UserRow.id == AccountChangeRow.user_id)
                     .order_by(AccountChangeRow.id.desc()))
        if newest is not None:
            statement = statement.limit(newest)
        return [(change, email) for change, email in self.session.execute(statement)][::-1]

    def token_row(self, token_hash: str) -> UserTokenRow | None:
        """The token stored under this digest, or None."""
        return self.session.scalars(select(UserTokenRow).where(UserTokenRow.token_hash == token_hash)).first()
