"""The sales pipeline as pure figures (docs/pipeline.md): leads → options → confirmed, why threads were lost,
revenue per month and how long clients and manager tasks wait, computed from plain rows with no I/O.

Each figure counts in the month its subject started, in venue time (Europe/Zurich): the funnel and the lost
reasons by the month the inquiry came in (a cohort), revenue by the month of the event's day, response times by
the month the client's message or the task came in. A room filter keeps the threads of that room (the room held,
else the latest offer's, else the room held when the thread left a stage).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

VENUE_TZ = ZoneInfo("Europe/Zurich")
ExitKind = Literal["declined", "expired", "cancelled", "marked_lost"]
EXIT_KINDS: tuple[ExitKind, ...] = ("declined", "expired", "cancelled", "marked_lost")
LOST_REASONS: tuple[str, ...] = ("price", "date", "room", "competitor", "no_reply", "event_off", "other")
"""The reasons a manager may give when marking a thread lost."""
MARKABLE_STATUSES = frozenset({"Lead", "Option"})
"""Only an open lead or option can be marked lost; a Confirmed booking is cancelled instead."""
_OPTION_OR_LATER = frozenset({"Option", "Confirmed", "Cancelled"})
_CONFIRMED_OR_LATER = frozenset({"Confirmed", "Cancelled"})
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month in venue time."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, text: str) -> Month:
        """`2026-03` → Month(2026, 3); anything else is a ValueError saying the expected form."""
        match = _MONTH.match(text.strip())
        if match is None:
            raise ValueError(f"month {text!r} is not a month; use YYYY-MM, for example 2026-03")
        return cls(int(match.group(1)), int(match.group(2)))

    def first_day(self) -> date:
        """The month's first calendar day."""
        return date(self.year, self.month, 1)

    def following(self) -> Month:
        """The next month."""
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def moments(self) -> tuple[datetime, datetime]:
        """The month as a half-open span of moments in venue time: its first midnight and the next month's."""
        start, end = self.first_day(), self.following().first_day()
        return (datetime(start.year, start.month, start.day, tzinfo=VENUE_TZ),
                datetime(end.year, end.month, end.day, tzinfo=VENUE_TZ))

    @classmethod
    def of_day(cls, day: date) -> Month:
        """The month a calendar day lies in."""
        return cls(day.year, day.month)

    @classmethod
    def of_moment(cls, moment: datetime) -> Month:
        """The month a moment lies in, in venue time (a naive moment is taken as venue time)."""
        local = moment.replace(tzinfo=VENUE_TZ) if moment.tzinfo is None else moment.astimezone(VENUE_TZ)
        return cls(local.year, local.month)


@dataclass(frozen=True)
class ThreadRecord:
    """One booking thread as it stands: when the inquiry came in, its status, room, day and live offer total."""

    thread_id: str
    opened_at: datetime
    status: str
    room_id: str | None = None
    event_date: date | None = None
    offer_total: Decimal | None = None
    had_offer: bool = False


@dataclass(frozen=True)
class ExitRecord:
    """A thread leaving a stage backwards: a decline, a lapsed option, a cancellation or a manager's "lost"."""

    thread_id: str
    kind: ExitKind
    from_status: str
    at: datetime
    reason: str | None = None
    room_id: str | None = None


@dataclass(frozen=True)
class Exchange:
    """A client's message and the first desk reply after it (None while unanswered)."""

    thread_id: str
    asked_at: datetime
    answered_at: datetime | None


@dataclass(frozen=True)
class Said:
    """One line of a conversation: who said it (`client`, `desk`, `manager`, `system`) and when."""

    thread_id: str
    seq: int
    role: str
    at: datetime


@dataclass(frozen=True)
class TaskSpan:
    """A manager task from opened to decided (None while open or when closed without a decision)."""

    thread_id: str
    opened_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True)
class Filters:
    """Which month and room the figures are for; None means all."""

    month: Month | None = None
    room_id: str | None = None


@dataclass(frozen=True)
class Stages:
    """How many threads reached each stage, and the conversion between them (a ratio 0–1, None without a base)."""

    leads: int
    options: int
    confirmed: int

    @property
    def lead_to_option(self) -> Decimal | None:
        return _ratio(self.options, self.leads)

    @property
    def option_to_confirmed(self) -> Decimal | None:
        return _ratio(self.confirmed, self.options)

    @property
    def lead_to_confirmed(self) -> Decimal | None:
        return _ratio(self.confirmed, self.leads)


@dataclass(frozen=True)
class MonthRevenue:
    """Offer totals of the events on days of one month: confirmed bookings and rooms held on option."""

    month: Month
    confirmed: Decimal
    confirmed_count: int
    on_option: Decimal
    on_option_count: int


@dataclass(frozen=True)
class Wait:
    """How long something waited on average (seconds), over `count` answered ones; `waiting` are not answered."""

    count: int
    average_seconds: Decimal | None
    waiting: int


@dataclass(frozen=True)
class ThreadLine:
    """One thread of the funnel, as the CSV export lists it (no client data)."""

    thread_id: str
    lead_month: Month
    stage: Literal["lead", "option", "confirmed"]
    status: str
    room_id: str | None
    event_date: date | None
    offer_total: Decimal | None
    exit_kind: ExitKind | None
    exit_reason: str | None
    exit_at: datetime | None


@dataclass(frozen=True)
class Pipeline:
    """Every figure of the pipeline for one choice of filters."""

    filters: Filters
    stages: Stages
    lost: dict[ExitKind, int]
    lost_reasons: dict[str, int]
    revenue: list[MonthRevenue]
    client_wait: Wait
    task_wait: Wait
    lines: list[ThreadLine]
    rooms: list[str]
    months: list[Month]


def compute_pipeline(
    threads: Iterable[ThreadRecord], exits: Iterable[ExitRecord], exchanges: Iterable[Exchange],
    tasks: Iterable[TaskSpan], filters: Filters | None = None, months: Iterable[Month] | None = None,
) -> Pipeline:
    """All pipeline figures for `filters` (all months and rooms when None) from the rows as they stand (see the
    module's docstring for which month each figure counts in). `months` are the months the filter offers, by
    default those of `threads` (`months_of`); a caller that read only one month's threads passes every month."""
    filters = filters or Filters()
    records = list(threads)
    exits_by_thread: dict[str, list[ExitRecord]] = {}
    for exit_ in sorted(exits, key=lambda item: item.at):
        exits_by_thread.setdefault(exit_.thread_id, []).append(exit_)
    room_of = {record.thread_id: thread_room(record, exits_by_thread.get(record.thread_id, ())) for record in records}
    in_room = {thread_id for thread_id, room in room_of.items() if filters.room_id in (None, room)}
    cohort = [record for record in records if record.thread_id in in_room
              and filters.month in (None, Month.of_moment(record.opened_at))]
    lines = [_line(record, room_of[record.thread_id], exits_by_thread.get(record.thread_id, ())) for record in cohort]
    cohort_exits = [exit_ for record in cohort for exit_ in exits_by_thread.get(record.thread_id, ())]
    return Pipeline(
        filters=filters,
        stages=Stages(leads=len(lines), options=sum(line.stage != "lead" for line in lines),
                      confirmed=sum(line.stage == "confirmed" for line in lines)),
        lost={kind: sum(exit_.kind == kind for exit_ in cohort_exits) for kind in EXIT_KINDS},
        lost_reasons=dict(sorted(Counter(exit_.reason for exit_ in cohort_exits
                                         if exit_.kind == "marked_lost" and exit_.reason).items())),
        revenue=revenue_by_month([record for record in records if record.thread_id in in_room], filters.month),
        client_wait=_wait([(item.asked_at, item.answered_at) for item in exchanges
                           if item.thread_id in in_room and filters.month in (None, Month.of_moment(item.asked_at))]),
        task_wait=_wait([(task.opened_at, task.decided_at) for task in tasks
                         if task.thread_id in in_room and filters.month in (None, Month.of_moment(task.opened_at))]),
        lines=sorted(lines, key=lambda line: (str(line.lead_month), line.thread_id)),
        rooms=sorted({room for room in room_of.values() if room}),
        months=sorted(set(months)) if months is not None else months_of(
            [record.opened_at for record in records], [record.event_date for record in records]),
    )


def months_of(opened: Iterable[datetime], days: Iterable[date | None]) -> list[Month]:
    """Every month with an inquiry (a thread opened) or an event's day, oldest first: the month filter's choices."""
    return sorted({Month.of_moment(moment) for moment in opened} | {Month.of_day(day) for day in days if day})


def thread_room(record: ThreadRecord, exits: Sequence[ExitRecord]) -> str | None:
    """The thread's room: the one it holds or was offered, else the one it held when it last left a stage."""
    if record.room_id:
        return record.room_id
    return next((exit_.room_id for exit_ in reversed(exits) if exit_.room_id), None)


def stage_reached(record: ThreadRecord, exits: Sequence[ExitRecord]) -> Literal["lead", "option", "confirmed"]:
    """The furthest stage a thread ever reached: a Cancelled booking was confirmed, a lapsed or declined option
    was an option, and a thread that got an offer held a room for it (an offer needs a held room)."""
    left = {exit_.from_status for exit_ in exits}
    if record.status in _CONFIRMED_OR_LATER or "Confirmed" in left:
        return "confirmed"
    if record.status in _OPTION_OR_LATER or record.had_offer or "Option" in left:
        return "option"
    return "lead"


def revenue_by_month(records: Iterable[ThreadRecord], month: Month | None = None) -> list[MonthRevenue]:
    """Confirmed and on-option offer totals per month of the event's day, oldest first (one month when given)."""
    sums: dict[Month, list[Decimal]] = {}
    for record in records:
        if record.event_date is None or record.offer_total is None or record.status not in ("Confirmed", "Option"):
            continue
        key = Month.of_day(record.event_date)
        if month is not None and key != month:
            continue
        totals = sums.setdefault(key, [Decimal(0), Decimal(0), Decimal(0), Decimal(0)])
        slot = 0 if record.status == "Confirmed" else 2
        totals[slot] += record.offer_total
        totals[slot + 1] += 1
    if month is not None and month not in sums:
        sums[month] = [Decimal(0)] * 4
    return [MonthRevenue(key, values[0], int(values[1]), values[2], int(values[3]))
            for key, values in sorted(sums.items())]


def exchanges_from(said: Iterable[Said]) -> list[Exchange]:
    """Each client message paired with the first desk reply after it in its thread (several messages before one
    reply each wait for that reply); a message with no reply after it is still waiting."""
    paired: list[Exchange] = []
    waiting: dict[str, list[Said]] = {}
    for line in sorted(said, key=lambda item: (item.thread_id, item.seq)):
        if line.role == "client":
            waiting.setdefault(line.thread_id, []).append(line)
        elif line.role == "desk":
            paired.extend(Exchange(asked.thread_id, asked.at, line.at) for asked in waiting.pop(line.thread_id, []))
    paired.extend(Exchange(asked.thread_id, asked.at, None) for pending in waiting.values() for asked in pending)
    return paired


def _line(record: ThreadRecord, room: str | None, exits: Sequence[ExitRecord]) -> ThreadLine:
    last = exits[-1] if exits else None
    return ThreadLine(thread_id=record.thread_id, lead_month=Month.of_moment(record.opened_at),
                      stage=stage_reached(record, exits), status=record.status, room_id=room,
                      event_date=record.event_date, offer_total=record.offer_total,
                      exit_kind=last.kind if last else None, exit_reason=last.reason if last else None,
                      exit_at=last.at if last else None)


def _wait(spans: Sequence[tuple[datetime, datetime | None]]) -> Wait:
    """The mean of the answered spans in seconds (to the second), and how many are still unanswered."""
    done = [max((end - start).total_seconds(), 0.0) for start, end in spans if end is not None]
    average = (Decimal(str(sum(done))) / len(done)).quantize(Decimal(1)) if done else None
    return Wait(count=len(done), average_seconds=average, waiting=len(spans) - len(done))


def _ratio(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / whole).quantize(Decimal("0.001")) if whole else None
