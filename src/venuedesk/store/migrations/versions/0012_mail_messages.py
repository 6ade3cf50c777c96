"""Inbound mail, once per Message-ID: its thread, sender, outcome and attachments (issue 10, docs/design.md
§4.10).

Revision ID: 0012 Revises: 0011 Create Date: 2026-02-07 09:00:00"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.JSON:
    return sa.JSON(none_as_null=True)


def upgrade() -> None:
    """Create mail_messages with its unique Message-ID and the index by thread."""
    op.create_table(
        "mail_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("thread_id", sa.String(64), nullable=True),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("sender", sa.String(320), nullable=True),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("reference_ids", _json(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("attachments", _json(), nullable=False),
        sa.Column("deliveries", sa.Integer(), nullable=False, server_default="1"),
        sa.UniqueConstraint("message_id", name="uq_mail_messages_message_id"),
    )
    op.create_index("ix_mail_messages_thread_id", "mail_messages", ["thread_id"])


def downgrade() -> None:
    """Drop mail_messages."""
    op.drop_index("ix_mail_messages_thread_id", table_name="mail_messages")
    op.drop_table("mail_messages")
