"""Ranked options and hold notices (docs/design.md §4.13): 2nd options queued behind a hold, and the hold
notices (warnings) already sent, keyed once per hold placement.

Revision ID: 0009
Revises: 0008
Create Date: 2026-02-06 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _moment() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create second_options (one row per event and slot, in queue order) and hold_notices (unique key)."""
    op.create_table(
        "second_options",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("room_id", sa.String(64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("window_start", sa.String(5), nullable=False),
        sa.Column("window_end", sa.String(5), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("queued_at", _moment(), nullable=False),
        sa.Column("settled_at", _moment(), nullable=True),
        sa.UniqueConstraint("event_id", "room_id", "date", "window_start", "window_end",
                            name="uq_second_options_event_slot"),
    )
    op.create_index("ix_second_options_event_id", "second_options", ["event_id"])
    op.create_index("ix_second_options_room_date_status", "second_options", ["room_id", "date", "status"])
    op.create_table(
        "hold_notices",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("sent_at", _moment(), nullable=False),
    )
    op.create_index("ix_hold_notices_event_id", "hold_notices", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_hold_notices_event_id", table_name="hold_notices")
    op.drop_table("hold_notices")
    op.drop_index("ix_second_options_room_date_status", table_name="second_options")
    op.drop_index("ix_second_options_event_id", table_name="second_options")
    op.drop_table("second_options")
