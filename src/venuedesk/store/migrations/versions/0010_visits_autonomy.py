"""Site visits (one per slot across all events) and venue settings changed by a manager, with their audit.

Revision ID: 0010
Revises: 0009
Create Date: 2026-02-05 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.JSON:
    return sa.JSON(none_as_null=True)


def _moment() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create site_visits, venue_settings and setting_changes."""
    op.create_table(
        "site_visits",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False, unique=True),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("slot", _moment(), nullable=False),
        sa.Column("booked_at", _moment(), nullable=False),
        sa.UniqueConstraint("slot", name="uq_site_visits_slot"),
    )
    op.create_table(
        "venue_settings",
        sa.Column("venue", sa.String(200), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", _json(), nullable=False),
        sa.Column("updated_at", _moment(), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
    )
    op.create_table(
        "setting_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("venue", sa.String(200), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("before", _json(), nullable=False),
        sa.Column("after", _json(), nullable=False),
        sa.Column("changed_by", sa.String(100), nullable=False),
        sa.Column("changed_at", _moment(), nullable=False),
    )
    op.create_index("ix_setting_changes_venue_key", "setting_changes", ["venue", "key"])


def downgrade() -> None:
    op.drop_index("ix_setting_changes_venue_key", table_name="setting_changes")
    op.drop_table("setting_changes")
    op.drop_table("venue_settings")
    op.drop_table("site_visits")
