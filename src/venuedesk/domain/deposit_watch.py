"""The day from which an event may owe an overdue deposit, kept on the event row (`events.deposit_due_on`,
indexed) so the `deposit_overdue` job reads only the events it may have to act on instead of every held and
confirmed event on every tick (a scan that grew with the venue's history: a 26 MiB peak of Python objects a tick
after 4 minutes of the soak).
"""

from __future__ import annotations

from datetime import date

from venuedesk.domain.event import EventState

BILLING_STEP = 6
"""Step 6 (billing and deposit): an accepted offer waits for its deposit there."""


def deposit_owed_from(state: EventState) -> date | None:
    """The due date of the live offer's required deposit at step 6, unpaid and with no overdue task yet; else None."""
    offer, deposit = state.offer, state.deposit
    if state.current_step != BILLING_STEP or offer is None or not deposit.required or deposit.paid_at is not None:
        return None
    if state.deposit_overdue_for == offer.offer_id:
        return None
    return deposit.due


def topup_owed_from(state: EventState) -> date | None:
    """The due date of a confirmed booking's open deposit top-up with no overdue task yet; else None."""
    topup = state.deposit.open_topup
    if state.status != "Confirmed" or topup is None or topup.overdue_task is not None:
        return None
    return topup.due


def deposit_due_on(state: EventState) -> date | None:
    """The earliest due date of a deposit or top-up this event still owes without an overdue task: from the day after
    it, the job opens the task; None when nothing can become overdue."""
    days = [day for day in (deposit_owed_from(state), topup_owed_from(state)) if day is not None]
    return min(days, default=None)
