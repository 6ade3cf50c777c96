"""A venue's own sending identity (docs/tenancy.md): `venues.mail_from`, the display name and address its mail goes
out from ("The Atelier <desk+atelier@example.ch>"); null means the default (the install's `VENUEDESK_MAIL_FROM` for
the venue `default`, `desk+{venue}@<install domain>` for the others).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """venues: a nullable mail_from (every venue keeps its default until one is set)."""
    with op.batch_alter_table("venues") as batch:
        batch.add_column(sa.Column("mail_from", sa.String(320), nullable=True))


def downgrade() -> None:
    """Drop mail_from: every venue sends from its default address again."""
    with op.batch_alter_table("venues") as batch:
        batch.drop_column("mail_from")
