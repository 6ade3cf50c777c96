"""An offer version's PDF is recorded as pending (its HTML) when the version is sent and rendered afterwards, outside
any transaction (docs/documents.md): content and sha256 may be null until then.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-09 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """offer_documents: html (the version as sent), content and sha256 nullable, rendered_at, render_attempts and
    render_after (the backoff after a failed render)."""
    with op.batch_alter_table("offer_documents") as batch:
        batch.add_column(sa.Column("html", sa.Text(), nullable=True))
        batch.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
        batch.alter_column("sha256", existing_type=sa.String(64), nullable=True)
        batch.add_column(sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("render_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("render_after", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop the pending rows' columns (rows still pending are deleted: they hold no PDF)."""
    op.execute("DELETE FROM offer_documents WHERE content IS NULL")
    with op.batch_alter_table("offer_documents") as batch:
        batch.drop_column("render_after")
        batch.drop_column("render_attempts")
        batch.drop_column("rendered_at")
        batch.alter_column("sha256", existing_type=sa.String(64), nullable=False)
        batch.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
        batch.drop_column("html")
