"""ChatKit tables: threads, items and attachments, each scoped to a desk thread.

Revision ID: 0003
Revises: 0002
Create Date: 2026-02-03 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.JSON:
    return sa.JSON(none_as_null=True)


def _moment() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create chatkit_threads, chatkit_items and chatkit_attachments."""
    op.create_table(
        "chatkit_threads",
        sa.Column("id", sa.String(64), sa.ForeignKey("threads.id"), primary_key=True),
        sa.Column("data", _json(), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
    )
    op.create_table(
        "chatkit_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("thread_id", sa.String(64), sa.ForeignKey("chatkit_threads.id"), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("source_seq", sa.Integer(), nullable=True),
        sa.Column("data", _json(), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        sa.UniqueConstraint("thread_id", "item_id", name="uq_chatkit_items_thread_item"),
    )
    op.create_index("ix_chatkit_items_thread_source", "chatkit_items", ["thread_id", "source_seq"])
    op.create_table(
        "chatkit_attachments",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("owner_thread_id", sa.String(64), sa.ForeignKey("chatkit_threads.id"), nullable=False),
        sa.Column("data", _json(), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
    )
    op.create_index("ix_chatkit_attachments_owner_thread_id", "chatkit_attachments", ["owner_thread_id"])


def downgrade() -> None:
    op.drop_index("ix_chatkit_attachments_owner_thread_id", table_name="chatkit_attachments")
    op.drop_table("chatkit_attachments")
    op.drop_index("ix_chatkit_items_thread_source", table_name="chatkit_items")
    op.drop_table("chatkit_items")
    op.drop_table("chatkit_threads")
