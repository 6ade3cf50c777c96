"""Job `hil_reminder` (docs/design.md §4.9): a manager task open longer than the venue's `hil_reminder_hours`
gets one reminder to the client that the team is still on it.

The reminder is claimed on the task (`reminded_at`, set by a conditional UPDATE) in the same transaction that
appends the message to the thread and queues it in the outbox, so it is sent exactly once even when two
workers run the job at once or the job is retried.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from venuedesk.clock import Clock
from venuedesk.jobs.base import Job, JobDeps, JobReport, UnitDone, register, run_units
from venuedesk.jobs.holds_common import event_turn, send
from venuedesk.store.models import HilTaskRow
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.reply import HilRef

NAME = "hil_reminder"
AGENT = "desk"
OFFER_TASKS = frozenset({"offer_approval", "counter_offer", "confirmation_approval"})
TEXT = {
    "en": "We have not forgotten you: the venue's team is still looking at your request and will get back to "
    "you as soon as possible.",
    "de": "Wir haben Sie nicht vergessen: Das Team des Hauses prüft Ihre Anfrage noch und meldet sich so bald "
    "wie möglich bei Ihnen.",
}
# A closed thread (a cancellation whose deposit is to be refunded) still has the venue's open task: the client
# waits for it all the same and is reminded that it is being handled; the thread stays closed.
TEXT_CLOSED = {
    "en": "We have not forgotten you: the venue's team is still handling the open point of your request (such as "
    "a refund) and will get back to you as soon as possible.",
    "de": "Wir haben Sie nicht vergessen: Das Team des Hauses kümmert sich noch um den offenen Punkt Ihrer Anfrage "
    "(etwa eine Rückerstattung) und meldet sich so bald wie möglich bei Ihnen.",
}


def _opened_before(deps: JobDeps, clock: Clock) -> datetime:
    return clock.now() - timedelta(hours=deps.venue.policies.hil_reminder_hours)


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Open tasks older than the reminder threshold whose client was not reminded yet."""
    with deps.read(clock) as uow:
        return len(uow.hil.due_reminders(_opened_before(deps, clock)))


def remind_due(deps: JobDeps, clock: Clock) -> JobReport:
    """One reminder per thread with overdue tasks, each task claimed once."""
    with deps.read(clock) as uow:
        due = uow.hil.due_reminders(_opened_before(deps, clock))
    by_thread: dict[str, list[str]] = {}
    for task in due:
        by_thread.setdefault(task.thread_id, []).append(task.id)
    return run_units(deps, clock, NAME, by_thread.items(), lambda uow, unit: _remind(uow, deps, clock, *unit))


def _remind(uow: UnitOfWork, deps: JobDeps, clock: Clock, thread_id: str, task_ids: list[str]) -> UnitDone | None:
    """Claim the thread's due tasks under its lock and remind the client; None when another worker claimed them."""
    uow.lock_thread(thread_id)
    now = clock.now()
    claimed = [row for task_id in task_ids
               if uow.hil.mark_reminded(task_id, now) and (row := uow.hil.get(task_id)) is not None]
    if not claimed:
        return None
    sent = _send_reminder(uow, deps, clock, thread_id, claimed)
    return UnitDone(len(claimed), [] if sent is None else [sent])


def _send_reminder(
    uow: UnitOfWork, deps: JobDeps, clock: Clock, thread_id: str, tasks: list[HilTaskRow]
) -> dict[str, Any] | None:
    """Send the reminder to the client (thread, outbox, audit); None when the thread has no event."""
    state = uow.events.for_thread(thread_id)
    if state is None:
        return None
    closed = state.thread_state == "Closed"  # a closed thread's task (a refund to make) is reminded about too
    turn = event_turn(uow, deps, clock, state)
    turn.agent = AGENT
    turn.next_key = "booking_closed" if closed else \
        "review" if any(task.type in OFFER_TASKS for task in tasks) else "venue_answers"
    first = tasks[0]
    turn.hil = HilRef(task_id=first.id, type=first.type, status=first.status)
    text = TEXT_CLOSED if closed else TEXT
    turn.body.append(text.get(state.language, text["en"]))
    return send(turn)


HIL_REMINDER = register(Job(NAME, due=count_due, run=remind_due,
                            description="remind the client once when a manager task stays open too long"))
