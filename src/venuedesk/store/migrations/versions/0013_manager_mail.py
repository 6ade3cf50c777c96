"""Manager notifications by mail: the task mailed to the manager (`hil_tasks.notified_at`), the claim of a mail being
sent (`hil_tasks.notify_lease_until`) and the last period a once-per-period job did its work (`job_marks`, the daily
digest's day).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _moment() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add hil_tasks.notified_at (null: not mailed yet), hil_tasks.notify_lease_until and the job_marks table."""
    op.add_column("hil_tasks", sa.Column("notified_at", _moment(), nullable=True))
    op.add_column("hil_tasks", sa.Column("notify_lease_until", _moment(), nullable=True))
    op.create_table(
        "job_marks",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("mark", sa.String(32), nullable=False),
        sa.Column("marked_at", _moment(), nullable=False),
    )


def downgrade() -> None:
    """Drop job_marks, hil_tasks.notify_lease_until and hil_tasks.notified_at."""
    op.drop_table("job_marks")
    with op.batch_alter_table("hil_tasks") as batch:
        batch.drop_column("notify_lease_until")
        batch.drop_column("notified_at")
