"""Holds and confirmed bookings pushed back to the rooms' CalDAV calendars: one row per calendar and UID with what
was last written there, its attempts and the lease of a write on the wire (issue 11, docs/calendars.md).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 18:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _moment() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create calendar_pushes with its unique (source, UID) and the index by event."""
    op.create_table(
        "calendar_pushes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.String(64), nullable=False),
        sa.Column("uid", sa.String(255), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("room_id", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("pushed_at", _moment(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", _moment(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("lease_until", _moment(), nullable=True),
        sa.UniqueConstraint("source_id", "uid", name="uq_calendar_pushes_source_uid"),
    )
    op.create_index("ix_calendar_pushes_event_id", "calendar_pushes", ["event_id"])


def downgrade() -> None:
    """Drop calendar_pushes."""
    op.drop_index("ix_calendar_pushes_event_id", table_name="calendar_pushes")
    op.drop_table("calendar_pushes")
