"""Payments: one row per payment reference (a webhook notification or a deposit a manager marked paid)."""

from __future__ import annotations

import builtins
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from venuedesk.store.models import PaymentRow


class PaymentRepository:
    """Record payments once per reference and look them up by reference or thread."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def by_reference(self, reference: str) -> PaymentRow | None:
        """The payment recorded under `reference`, or None."""
        return self.session.scalars(select(PaymentRow).where(PaymentRow.reference == reference)).first()

    def record(
        self, *, reference: str, offer_id: str | None, thread_id: str | None, amount: Decimal, currency: str,
        source: str, applied: bool, reason: str, received_at: datetime,
    ) -> PaymentRow:
        """Insert one payment (the unique reference makes a concurrent duplicate fail, never a second row)."""
        row = PaymentRow(reference=reference, offer_id=offer_id, thread_id=thread_id, amount=amount,
                         currency=currency, source=source, applied=applied, reason=reason, received_at=received_at)
        self.session.add(row)
        self.session.flush()
        return row

    def for_thread(self, thread_id: str) -> builtins.list[PaymentRow]:
        """The thread's payments, oldest first."""
        query = select(PaymentRow).where(PaymentRow.thread_id == thread_id).order_by(PaymentRow.id)
        return list(self.session.scalars(query))
