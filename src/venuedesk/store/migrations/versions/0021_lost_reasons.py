"""The `lost_reasons` table: every decline, lapsed option, cancellation and manager's "lost" with its reason, for
the pipeline (issue 14, docs/pipeline.md).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create lost_reasons, indexed by thread."""
    op.create_table(
        "lost_reasons",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("from_status", sa.String(16), nullable=False),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("room_id", sa.String(64), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_lost_reasons_thread_id", "lost_reasons", ["thread_id"])


def downgrade() -> None:
    """Drop lost_reasons."""
    op.drop_index("ix_lost_reasons_thread_id", table_name="lost_reasons")
    op.drop_table("lost_reasons")
