"""Payments: every payment notification (webhook) and every deposit a manager marked paid, once per reference.

Revision ID: 0008_payments
Revises: 0007
Create Date: 2026-02-05 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_payments"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create `payments` (reference unique) with an index on the thread."""
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("offer_id", sa.String(64), nullable=True),
        sa.Column("thread_id", sa.String(64), nullable=True),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("reference", name="uq_payments_reference"),
    )
    op.create_index("ix_payments_thread_id", "payments", ["thread_id"])


def downgrade() -> None:
    op.drop_index("ix_payments_thread_id", table_name="payments")
    op.drop_table("payments")
