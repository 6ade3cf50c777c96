"""The address a thread was opened from, as a keyed hash (never the raw IP: it is personal data), so the desk can
cap the options held from one address (issue 13, docs/abuse.md).

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-01 07:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add threads.client_ip_hash (null: opened by mail, the terminal or before this revision), indexed."""
    op.add_column("threads", sa.Column("client_ip_hash", sa.String(64), nullable=True))
    op.create_index("ix_threads_client_ip_hash", "threads", ["client_ip_hash"])


def downgrade() -> None:
    """Drop threads.client_ip_hash."""
    op.drop_index("ix_threads_client_ip_hash", table_name="threads")
    op.drop_column("threads", "client_ip_hash")
