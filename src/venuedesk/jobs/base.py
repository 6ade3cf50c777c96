"""The job interface: a registry of named jobs, each a pair of functions of (deps, clock).

A job finds its due units of work in the database by the injected clock (`due`) and does each unit in its own
unit of work (`run`), claiming it with a conditional UPDATE or a row lock, so a unit is done exactly once
however many workers run the job at the same time, and running the job again (a retry) does nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from venuedesk import faults
from venuedesk.calendars.caldav_push import CalendarWriter
from venuedesk.calendars.ports import NO_CALENDARS, CalendarReader
from venuedesk.clock import Clock
from venuedesk.domain.catalogue import Venue
from venuedesk.jobs.delivery import Backoff, ChannelDelivery, DeliveryPort
from venuedesk.jobs.manager_port import ManagerMail
from venuedesk.store.tenancy import DEFAULT_VENUE
from venuedesk.store.uow import UnitOfWork, make_session_factory


@dataclass(frozen=True)
class JobDeps:
    """What jobs need: units of work on the database, the venue's policies, the delivery port, the manager's
    mail (None: manager notifications are off) and the writer of the rooms' push calendars (None: nothing is
    pushed)."""

    sessions: Callable[[], Session]
    venue: Venue
    delivery: DeliveryPort
    backoff: Backoff = field(default_factory=Backoff)
    manager_mail: ManagerMail | None = None
    calendar_writer: CalendarWriter | None = None
    calendars: CalendarReader = NO_CALENDARS
    """The venue's external calendars: a job that places a hold (2nd-option promotion) checks their busy time."""
    forget_files: Callable[[str], object] | None = None
    """Deletes the files kept on disk for a thread (its mail attachments) once its erasure is committed; None: the
    process keeps no such files."""

    def uow(self, clock: Clock) -> UnitOfWork:
        """A new unit of work on the injected clock."""
        return UnitOfWork(self.sessions, clock)

    def read(self, clock: Clock) -> UnitOfWork:
        """A new read-only unit of work (finding due work takes no write lock on SQLite; it cannot commit)."""
        return UnitOfWork(self.sessions, clock, read_only=True)


@dataclass
class JobReport:
    """What one run of a job did: units done and failed, and the replies it sent to client threads."""

    name: str
    done: int = 0
    failed: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class UnitDone:
    """What one unit of work did, to be committed: how many units it counts as done and the replies it sent."""

    done: int = 1
    sent: list[dict[str, Any]] = field(default_factory=list)
    after_commit: Callable[[], object] | None = None
    """What to do once the unit is committed and only then (delete the files of an erased thread)."""


Unit = TypeVar("Unit")


def run_units(
    deps: JobDeps, clock: Clock, name: str, units: Iterable[Unit],
    work: Callable[[UnitOfWork, Unit], UnitDone | None],
) -> JobReport:
    """Do each unit in its own unit of work: committed when `work` did it (then its `after_commit`), rolled back when
    it returns None (the unit was no longer due, or another worker did it); a failure rolls its unit back and ends
    the run."""
    report = JobReport(name)
    for unit in units:
        with deps.uow(clock) as uow:
            result = work(uow, unit)
            if result is None:
                continue
            faults.point("job.after_effect_before_finalise", subject=name)
            uow.commit()
        if result.after_commit is not None:
            result.after_commit()
        report.done += result.done
        report.sent.extend(result.sent)
    return report


@dataclass(frozen=True)
class Job:
    """A named job: `due` counts the due units at the clock's time, `run` does them."""

    name: str
    due: Callable[[JobDeps, Clock], int]
    run: Callable[[JobDeps, Clock], JobReport]
    description: str = ""


JOBS: dict[str, Job] = {}


def register(job: Job) -> Job:
    """Add a job to the registry (its name must be new); returns it so modules can keep a reference."""
    if job.name in JOBS and JOBS[job.name] is not job:
        raise ValueError(f"a job named {job.name!r} is already registered")
    JOBS[job.name] = job
    return job


def deps_for_engine(
    engine: Engine, delivery: DeliveryPort | None = None, manager_mail: ManagerMail | None = None,
    venue_id: str = DEFAULT_VENUE,
) -> JobDeps:
    """Job dependencies of one venue on a migrated, seeded database; in-app delivery (email rows refused: no mail
    transport) unless another transport is given; manager mail only when a notifier is given."""
    from venuedesk.store.catalogue import load_venue_from_db

    sessions = make_session_factory(engine, venue_id)
    with sessions() as session:
        venue = load_venue_from_db(session)
    return JobDeps(sessions=sessions, venue=venue, delivery=delivery or ChannelDelivery(), manager_mail=manager_mail)
