"""Tenancy (issue 13, docs/tenancy.md): a `venues` table with the venue `default`, and `venue_id` on every business
row, every existing row backfilled to `default`. The catalogue rows, job marks and venue settings are keyed by venue
too (their primary keys gain `venue_id`); a site-visit slot, an account's email and a
payment reference are unique per venue.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 10:45:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT = "default"
SCOPED = ("threads", "events", "room_bookings", "inbox", "messages", "hil_tasks", "tool_calls", "outbox",
          "payments", "second_options", "hold_notices", "site_visits", "setting_changes", "mail_messages",
          "calendar_pushes", "chatkit_threads", "chatkit_items", "chatkit_attachments", "users", "user_tokens",
          "function_sheets", "offer_documents", "lost_reasons", "account_changes")
KEYED = {"catalogue_info": ["id"], "catalogue_rooms": ["id"], "catalogue_products": ["id"],
         "job_marks": ["name"], "venue_settings": ["venue", "key"]}
"""The tables whose primary key gains venue_id, with the columns of their old key."""
UNIQUE_PER_VENUE = (("site_visits", "uq_site_visits_slot", "slot"), ("users", "uq_users_email", "email"),
                    ("payments", "uq_payments_reference", "reference"))
"""Unique constraints that become unique per venue: a slot, an account's email, a payment reference."""


def _venue_column() -> sa.Column[str]:
    return sa.Column("venue_id", sa.String(64), nullable=False, server_default=DEFAULT)


def upgrade() -> None:
    """Create `venues` with `default`; add venue_id (backfilled by its server default) and re-key the keyed tables."""
    venues = op.create_table(
        "venues",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.bulk_insert(venues, [{"id": DEFAULT, "name": DEFAULT, "created_at": datetime(2026, 1, 1, tzinfo=UTC)}])
    for table in SCOPED:
        op.add_column(table, _venue_column())
    for table, name, column in UNIQUE_PER_VENUE:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(name, type_="unique")
            batch.create_unique_constraint(name, ["venue_id", column])
    for table, key in KEYED.items():
        _rekey(table, key)


def _rekey(table: str, key: list[str]) -> None:
    """Give `table` a venue_id column that is part of its primary key (SQLite: a copy of the table, re-keyed)."""
    if op.get_bind().dialect.name != "sqlite":
        op.add_column(table, _venue_column())
        op.drop_constraint(f"{table}_pkey", table, type_="primary")
        op.create_primary_key(f"{table}_pkey", table, ["venue_id", *key])
        return
    old = sa.Table(table, sa.MetaData(), autoload_with=op.get_bind())
    columns = [sa.Column(column.name, column.type, nullable=column.nullable) for column in old.columns]
    scratch = f"_rekey_{table}"
    op.create_table(scratch, *columns, _venue_column(), sa.PrimaryKeyConstraint("venue_id", *key))
    names = ", ".join(column.name for column in old.columns)
    op.execute(f"INSERT INTO {scratch} ({names}) SELECT {names} FROM {table}")
    op.drop_table(table)
    op.rename_table(scratch, table)


def downgrade() -> None:
    """Keep only the default venue's rows' shape: drop venue_id everywhere and the venues table."""
    for table, key in KEYED.items():
        if op.get_bind().dialect.name == "sqlite":
            with op.batch_alter_table(table, recreate="always") as batch:
                batch.create_primary_key(f"{table}_pkey", key)
                batch.drop_column("venue_id")
        else:
            op.drop_constraint(f"{table}_pkey", table, type_="primary")
            op.drop_column(table, "venue_id")
            op.create_primary_key(f"{table}_pkey", table, key)
    for table, name, column in UNIQUE_PER_VENUE:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(name, type_="unique")
            batch.create_unique_constraint(name, [column])
    for table in SCOPED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("venue_id")
    op.drop_table("venues")
