"""Background jobs: HIL reminders are recorded on the task; outbox rows count attempts and wait out a backoff.

Revision ID: 0007
Revises: 0003
Create Date: 2026-02-04 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _moment() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add hil_tasks.reminded_at and outbox.attempts / next_attempt_at / last_error with their index."""
    with op.batch_alter_table("hil_tasks") as batch:
        batch.add_column(sa.Column("reminded_at", _moment(), nullable=True))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("next_attempt_at", _moment(), nullable=True))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
    op.create_index("ix_outbox_status_next_attempt", "outbox", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_status_next_attempt", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("last_error")
        batch.drop_column("next_attempt_at")
        batch.drop_column("attempts")
    with op.batch_alter_table("hil_tasks") as batch:
        batch.drop_column("reminded_at")
