"""An index on the inbox's idempotency key alone: a manager's key is looked up across threads, so a key reused on
another task is refused with 422 without scanning the inbox (issue 12).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 19:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Index inbox.idem_key."""
    op.create_index("ix_inbox_idem_key", "inbox", ["idem_key"])


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_inbox_idem_key", table_name="inbox")
