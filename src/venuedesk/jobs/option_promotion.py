"""Job `option_promotion` (docs/design.md §4.13 Holds and ranked options): the sweep behind the immediate
promotion. Releasing a hold promotes the first waiting 2nd option at once (`room.release_hold`); this job finds
any waiting option whose slot is free anyway (a release on a path that did not promote, a promotion that failed
and was rolled back) and promotes it, exactly once: each promotion locks the queued event's thread and re-reads
the option there (`second_options.promote_waiting`).
"""

from __future__ import annotations

from datetime import date

from venuedesk.clock import Clock
from venuedesk.domain.holds import due_hold_actions
from venuedesk.jobs.base import Job, JobDeps, JobReport, UnitDone, register, run_units
from venuedesk.jobs.holds_common import executor
from venuedesk.store.uow import UnitOfWork
from venuedesk.tools.holds import slot_holds
from venuedesk.workflow.second_options import promote_waiting

NAME = "option_promotion"


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Waiting options that nothing blocks any more (the pure rule, `due_hold_actions`)."""
    now = clock.now()
    with deps.read(clock) as uow:
        return sum(
            action.kind == "promote"
            for room_id, day in uow.holds.waiting_slots()
            for action in due_hold_actions(slot_holds(uow, deps.venue, now, room_id, day), now, deps.venue.policies)
        )


def promote_due(deps: JobDeps, clock: Clock) -> JobReport:
    """Promote the first free waiting option of each slot, one slot per transaction."""
    with deps.read(clock) as uow:
        slots = uow.holds.waiting_slots()
    return run_units(deps, clock, NAME, slots, lambda uow, slot: _promote_slot(uow, deps, clock, *slot))


def _promote_slot(uow: UnitOfWork, deps: JobDeps, clock: Clock, room_id: str, day: date) -> UnitDone:
    """Promote the slot's first free waiting options; always committed, which keeps the options voided on the way."""
    sent = promote_waiting(uow, deps.venue, executor(clock), clock.now(), room_id, day, calendars=deps.calendars)
    return UnitDone(len(sent), sent)


OPTION_PROMOTION = register(Job(NAME, due=count_due, run=promote_due,
                                description="promote a waiting 2nd option whose slot is free"))
