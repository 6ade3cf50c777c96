"""A client message's quoted history and signature, kept beside its text for the manager (issue 9 class 1).

Revision ID: 0011
Revises: 0010
Create Date: 2026-02-06 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add messages.stripped (null for every existing row and every desk or manager message)."""
    op.add_column("messages", sa.Column("stripped", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop messages.stripped."""
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("stripped")
