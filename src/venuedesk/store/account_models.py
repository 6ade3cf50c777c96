"""Manager accounts and their tokens: who may use the manager API, with which role, and the hashes of the tokens
they were given (a raw token is never stored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
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
