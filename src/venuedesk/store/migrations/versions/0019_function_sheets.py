"""Function sheets of confirmed events, one row per version: view model, HTML, PDF and its SHA-256 (issue 14).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 10:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _moment() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create function_sheets (unique event and version, indexed by thread)."""
    op.create_table(
        "function_sheets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("model", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("created_at", _moment(), nullable=False),
        sa.Column("rendered_at", _moment(), nullable=True),
        sa.UniqueConstraint("event_id", "version", name="uq_function_sheets_event_version"),
    )
    op.create_index("ix_function_sheets_thread_id", "function_sheets", ["thread_id"])


def downgrade() -> None:
    """Drop function_sheets."""
    op.drop_index("ix_function_sheets_thread_id", table_name="function_sheets")
    op.drop_table("function_sheets")
