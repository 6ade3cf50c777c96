"""Initial schema: threads, events, bookings, inbox, messages, HIL tasks, ledger, outbox, catalogue.

Revision ID: 0001
Revises:
Create Date: 2026-02-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.JSON:
    return sa.JSON(none_as_null=True)


def _moment() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table and index."""
    op.create_table(
        "threads",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("client_token", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("providers", _json(), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
    )
    op.create_index("ix_threads_client_token", "threads", ["client_token"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("thread_id", sa.String(64), sa.ForeignKey("threads.id"), nullable=False, unique=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("chosen_date", sa.Date(), nullable=True),
        sa.Column("locked_room_id", sa.String(64), nullable=True),
        sa.Column("state", _json(), nullable=False),
        sa.Column("updated_at", _moment(), nullable=False),
    )
    op.create_index("ix_events_status", "events", ["status"])
    op.create_index("ix_events_chosen_date", "events", ["chosen_date"])

    op.create_table(
        "room_bookings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("room_id", sa.String(64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_min", sa.Integer(), nullable=False),
        sa.Column("end_min", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.String(5), nullable=False),
        sa.Column("window_end", sa.String(5), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("expires_at", _moment(), nullable=True),
        sa.Column("placed_at", _moment(), nullable=False),
    )
    op.create_index("ix_room_bookings_date_room", "room_bookings", ["date", "room_id"])
    op.create_index("ix_room_bookings_event_id", "room_bookings", ["event_id"])

    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("idem_key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("payload", _json(), nullable=False),
        sa.Column("reply", _json(), nullable=True),
        sa.Column("created_at", _moment(), nullable=False),
        sa.UniqueConstraint("thread_id", "idem_key", name="uq_inbox_thread_key"),
    )

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("turn_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reply", _json(), nullable=True),
        sa.Column("created_at", _moment(), nullable=False),
        sa.UniqueConstraint("thread_id", "seq", name="uq_messages_thread_seq"),
    )
    op.create_index("ix_messages_thread_id", "messages", ["thread_id"])

    op.create_table(
        "hil_tasks",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("offer_id", sa.String(64), nullable=True),
        sa.Column("offer_version", sa.Integer(), nullable=True),
        sa.Column("draft", _json(), nullable=True),
        sa.Column("decision", _json(), nullable=True),
        sa.Column("created_at", _moment(), nullable=False),
        sa.Column("decided_at", _moment(), nullable=True),
        sa.Column("decided_by", sa.String(100), nullable=True),
    )
    op.create_index("ix_hil_tasks_thread_id", "hil_tasks", ["thread_id"])
    op.create_index("ix_hil_tasks_status_created", "hil_tasks", ["status", "created_at"])

    op.create_table(
        "tool_calls",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("tool_call_id", sa.String(200), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("args", _json(), nullable=False),
        sa.Column("args_hash", sa.String(64), nullable=False),
        sa.Column("idem_key", sa.String(300), nullable=True, unique=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("result", _json(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        sa.UniqueConstraint("thread_id", "tool_call_id", name="uq_tool_calls_thread_call"),
    )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("reply", _json(), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        sa.Column("sent_at", _moment(), nullable=True),
    )
    op.create_index("ix_outbox_thread_id", "outbox", ["thread_id"])
    op.create_index("ix_outbox_status_created", "outbox", ["status", "created_at"])

    op.create_table(
        "catalogue_info",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("data", _json(), nullable=False),
    )
    for name in ("catalogue_rooms", "catalogue_products"):
        op.create_table(
            name,
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("data", _json(), nullable=False),
        )


def downgrade() -> None:
    """Drop every table (their indexes go with them)."""
    for name in (
        "catalogue_products",
        "catalogue_rooms",
        "catalogue_info",
        "outbox",
        "tool_calls",
        "hil_tasks",
        "messages",
        "inbox",
        "room_bookings",
        "events",
        "threads",
    ):
        op.drop_table(name)
