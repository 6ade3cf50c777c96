"""Manager accounts and their tokens: who may use the manager API, with which role, and the hashes of the tokens
they were given (a raw token is never stored); the audit of account changes; the failed sign-ins every API process
counts together."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from venuedesk.store.base import Base
from venuedesk.store.tenancy import VenueScoped


class UserRow(VenueScoped, Base):
    """A manager account of one venue: its email (the login, unique per venue), role (owner, manager, viewer) and
    argon2 password hash."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("venue_id", "email", name="uq_users_email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]


class UserTokenRow(VenueScoped, Base):
    """A token of an account: `personal` (an API token, no expiry) or `session` (a console login, with expiry); only
    its SHA-256 is kept; `revoked_at` ends it early."""

    __tablename__ = "user_tokens"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_user_tokens_token_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class AccountChangeRow(VenueScoped, Base):
    """The audit of accounts: who created an account, changed its role, disabled it or ended a session, and when."""

    __tablename__ = "account_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict[str, Any]]
    after: Mapped[dict[str, Any]]
    changed_by: Mapped[str] = mapped_column(String(320))
    changed_at: Mapped[datetime]


class AuthFailureRow(Base):
    """One failed authentication of a key (an address, an account), stored only as the key's keyed hash, at a Unix
    time in seconds; rows older than the throttle's window are deleted as new ones come."""

    __tablename__ = "auth_failures"
    __table_args__ = (Index("ix_auth_failures_key_at", "key_hash", "failed_at"),
                      Index("ix_auth_failures_at", "failed_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[float] = mapped_column(Float)
