"""Inbox keys hold a namespace prefix plus a client key of up to 200 characters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-02-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Widen inbox.idem_key from 200 to 255 characters."""
    with op.batch_alter_table("inbox") as batch:
        batch.alter_column("idem_key", existing_type=sa.String(200), type_=sa.String(255), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.alter_column("idem_key", existing_type=sa.String(255), type_=sa.String(200), existing_nullable=False)
