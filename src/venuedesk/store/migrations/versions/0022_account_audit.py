"""The audit of account changes (created, role changed, disabled, session ended) and the failed sign-ins that every
API process counts together (docs/accounts.md).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create account_changes (indexed by user) and auth_failures (indexed by key and time, and by time)."""
    op.create_table(
        "account_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("before", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("after", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("changed_by", sa.String(320), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_account_changes_user_id", "account_changes", ["user_id"])
    op.create_table(
        "auth_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("failed_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_auth_failures_key_at", "auth_failures", ["key_hash", "failed_at"])
    op.create_index("ix_auth_failures_at", "auth_failures", ["failed_at"])


def downgrade() -> None:
    """Drop auth_failures and account_changes."""
    op.drop_index("ix_auth_failures_at", table_name="auth_failures")
    op.drop_index("ix_auth_failures_key_at", table_name="auth_failures")
    op.drop_table("auth_failures")
    op.drop_index("ix_account_changes_user_id", table_name="account_changes")
    op.drop_table("account_changes")
