"""events.deposit_due_on (indexed): the earliest due date of a deposit or top-up the event still owes without an
overdue task, so the `deposit_overdue` job reads those events only instead of every held and confirmed event on every
tick (domain/deposit_watch.py). Existing rows are filled from their state document.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-11 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BILLING_STEP = 6
_EVENTS = sa.table("events", sa.column("id", sa.String), sa.column("status", sa.String),
                   sa.column("state", sa.JSON), sa.column("deposit_due_on", sa.Date))


def _due_on(state: dict[str, Any]) -> date | None:
    """domain/deposit_watch.deposit_due_on over the stored JSON, as the rule stands at this revision."""
    deposit = state.get("deposit") or {}
    days: list[str] = []
    live = [offer for offer in state.get("offers") or [] if offer.get("status") != "Superseded"]
    if (state.get("current_step") == _BILLING_STEP and live and deposit.get("required") and deposit.get("due")
            and deposit.get("paid_at") is None and state.get("deposit_overdue_for") != live[-1].get("offer_id")):
        days.append(deposit["due"])
    topup = next((each for each in deposit.get("topups") or [] if each.get("paid_at") is None), None)
    if state.get("status") == "Confirmed" and topup is not None and topup.get("overdue_task") is None:
        days.append(topup["due"])
    return date.fromisoformat(min(days)) if days else None


def upgrade() -> None:
    """Add the column and its index, then fill it for the held and confirmed events."""
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("deposit_due_on", sa.Date(), nullable=True))
        batch.create_index("ix_events_deposit_due_on", ["deposit_due_on"])
    connection = op.get_bind()
    rows = connection.execute(sa.select(_EVENTS.c.id, _EVENTS.c.state)
                              .where(_EVENTS.c.status.in_(("Option", "Confirmed")))).all()
    for event_id, state in rows:
        due_on = _due_on(state or {})
        if due_on is not None:
            connection.execute(_EVENTS.update().where(_EVENTS.c.id == event_id).values(deposit_due_on=due_on))


def downgrade() -> None:
    """Drop the index and the column (the job then has nothing to read: downgrade the code with it)."""
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_deposit_due_on")
        batch.drop_column("deposit_due_on")
