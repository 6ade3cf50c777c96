"""A function sheet version whose PDF failed to render waits out a backoff before the next try (docs/documents.md).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-09 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add function_sheets.render_attempts (failed renders so far) and render_after (no try before; null: now)."""
    with op.batch_alter_table("function_sheets") as batch:
        batch.add_column(sa.Column("render_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("render_after", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop function_sheets.render_attempts and render_after."""
    with op.batch_alter_table("function_sheets") as batch:
        batch.drop_column("render_after")
        batch.drop_column("render_attempts")
