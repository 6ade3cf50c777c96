"""Job `deposit_overdue` (docs/design.md §4.13): a required deposit still unpaid at the end of its due date opens
one `manual_review` task; the hold stays until the manager decides. An amended booking's deposit top-up
(docs/amendments.md "The deposit") unpaid after its due date opens one too; the booking stays confirmed.

The task is claimed on the event (`deposit_overdue_for` names the offer whose overdue deposit has its task, a
top-up's `overdue_task` names its task) in the same transaction, under the thread lock, so it is opened exactly
once even when two workers run the job at once or the job is retried. Nothing is sent to the client.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from venuedesk.clock import Clock
from venuedesk.domain.deposit_watch import deposit_owed_from, topup_owed_from
from venuedesk.domain.deposits import deposit_overdue
from venuedesk.domain.event import EventState
from venuedesk.jobs.base import Job, JobDeps, JobReport, UnitDone, register, run_units
from venuedesk.store.uow import UnitOfWork
from venuedesk.tools.booking_models import HilCreateArgs
from venuedesk.tools.executor import ToolExecutor
from venuedesk.tools.registry import booking_tools
from venuedesk.understanding.model import Understanding
from venuedesk.workflow import hil_guard, texts
from venuedesk.workflow.turn import Turn

NAME = "deposit_overdue"
PAGE = 200
WATCHED_STATUSES = ("Option", "Confirmed")


def _overdue(deps: JobDeps, state: EventState, clock: Clock) -> bool:
    """A step-6 event whose required deposit is unpaid past its due date, or a confirmed booking whose top-up is,
    with no overdue task yet."""
    return _deposit_overdue(deps, state, clock) or _topup_overdue(deps, state, clock)


def _topup_overdue(deps: JobDeps, state: EventState, clock: Clock) -> bool:
    """A confirmed booking's open top-up unpaid past its due date, with no overdue task yet."""
    return deposit_overdue(topup_owed_from(state), False, clock.now(), deps.venue.policies)


def _deposit_overdue(deps: JobDeps, state: EventState, clock: Clock) -> bool:
    return deposit_overdue(deposit_owed_from(state), False, clock.now(), deps.venue.policies)


def _due_threads(deps: JobDeps, clock: Clock) -> list[str]:
    """Threads of held events (status Option) whose deposit is overdue and of confirmed bookings whose top-up is:
    only events owing a deposit due by today are read (`events.deposit_due_on`, indexed), a page at a time."""
    today = clock.now().astimezone(ZoneInfo(deps.venue.policies.timezone)).date()
    threads: list[str] = []
    offset = 0
    while True:
        with deps.read(clock) as uow:
            page = uow.events.deposits_due(today, WATCHED_STATUSES, limit=PAGE, offset=offset)
        threads.extend(state.thread_id for state in page if _overdue(deps, state, clock))
        if len(page) < PAGE:
            return threads
        offset += PAGE


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Events with an overdue deposit and no overdue task yet."""
    return len(_due_threads(deps, clock))


def review_due(deps: JobDeps, clock: Clock) -> JobReport:
    """Open one `manual_review` task per overdue deposit, each claimed once under the thread lock."""
    executor = ToolExecutor(booking_tools(), clock=clock.now)
    return run_units(deps, clock, NAME, _due_threads(deps, clock),
                     lambda uow, thread_id: _open_review(uow, deps, clock, executor, thread_id))


def _open_review(
    uow: UnitOfWork, deps: JobDeps, clock: Clock, executor: ToolExecutor, thread_id: str
) -> UnitDone | None:
    """Open the overdue deposit's task under the thread lock; None when it is no longer overdue or has its task."""
    uow.lock_thread(thread_id)
    state = uow.events.for_thread(thread_id)
    if state is None or not _overdue(deps, state, clock):
        return None
    now = clock.now()
    turn = Turn(uow=uow, venue=deps.venue, now=now, state=state, facts=Understanding(language=state.language),
                executor=executor, turn_id=f"turn-{state.revision + 1}", actor=NAME, calendars=deps.calendars)
    offer = state.offer
    assert offer is not None
    topup = state.deposit.open_topup if _topup_overdue(deps, state, clock) else None
    if topup is not None:
        summary = (f"Deposit top-up overdue: {texts.price(topup.amount)} asked by the amendment {topup.offer_id} was "
                   f"due on {topup.due.isoformat()} and has not arrived. The booking stays confirmed.")
    else:
        assert state.deposit.due is not None
        summary = (f"Deposit overdue: {texts.price(state.deposit.amount or 0)} for offer {offer.offer_id} was "
                   f"due on {state.deposit.due.isoformat()} and has not arrived. The hold stays until you decide.")
    task = turn.call("hil_create", HilCreateArgs(type="manual_review", offer_id=offer.offer_id,
                                                 offer_version=offer.version, summary=summary))
    if topup is not None:
        topup.overdue_task = task.task_id
    else:
        state.deposit_overdue_for = offer.offer_id
    state.payment_tasks.append(task.task_id)
    hil_guard.settle_thread_state(uow, state)
    state.revision += 1
    uow.events.save(state, now)
    return UnitDone()


DEPOSIT_OVERDUE = register(Job(NAME, due=count_due, run=review_due,
                               description="open one manual_review task when a deposit or an amendment's top-up "
                               "is unpaid after its due date"))
