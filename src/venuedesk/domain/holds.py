"""Option holds and ranked options (docs/design.md §4.13): expiry, the warning, promotion of 2nd options.

A hold (the event is on Option) lapses `option_days` × 24 h after it was placed, in absolute time (a hold
placed before a DST change lapses an hour earlier or later on the wall clock), unless the offer is
accepted: acceptance stops the clock. The warning is due 48 h before the expiry, once, never earlier.
A client may queue a 2nd option behind a hold on the same room and an overlapping window; it is not a
hold. When nothing overlapping holds the room any more (the 1st lapsed, was declined or cancelled), the
earliest-queued waiting option is promoted at once, and its own `option_days` start at the promotion.

`due_hold_actions` is the pure decision a job runs: given every hold and queued option that matters and
the current time, which expiries, promotions and warnings are due now. It is idempotent on the state it
is given: a sent warning (`warning_sent_at`), a released hold or a promoted option is never due again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, UTC
from typing import Literal

from venuedesk.domain.availability import Booking, option_expiry
from venuedesk.domain.catalogue import Policies, Room
from venuedesk.domain.windows import MinuteWindow, buffered_window, seen_from

WARNING_BEFORE_EXPIRY = timedelta(hours=48)
"""The expiry warning is due this long (absolute time) before the hold lapses."""

HoldState = Literal["waiting", "held", "accepted", "confirmed", "released"]
"""waiting: a 2nd (or later) option, not a hold; held: an option hold whose clock runs; accepted: the offer
was accepted, the clock stopped; confirmed: a booking; released: lapsed, declined, cancelled or moved."""

BLOCKING_STATES: frozenset[HoldState] = frozenset({"held", "accepted", "confirmed"})


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} {moment.isoformat()} has no time zone; pass an aware datetime")


@dataclass(frozen=True)
class Hold:
    """One event's claim on a room for a window: a hold, or a queued option waiting behind one.

    `window` is the booked window widened by the room's buffers, in minutes from `day`'s midnight (it may
    pass 1440 for a window past midnight). `queued_at` orders the options on one slot; `placed_at` is when
    it became a hold (None while waiting) and starts its clock.
    """

    hold_id: str
    event_id: str
    room_id: str
    day: date
    start: time
    end: time
    window: MinuteWindow
    state: HoldState
    queued_at: datetime
    placed_at: datetime | None = None
    warning_sent_at: datetime | None = None

    @classmethod
    def for_window(
        cls,
        room: Room,
        day: date,
        start: time,
        end: time,
        *,
        hold_id: str,
        event_id: str,
        state: HoldState,
        queued_at: datetime,
        placed_at: datetime | None = None,
        warning_sent_at: datetime | None = None,
    ) -> Hold:
        """A hold or queued option on `room` for `start`-`end` on `day`, its window widened by the buffers."""
        _require_aware(queued_at, "queued_at")
        if state != "waiting" and placed_at is None:
            raise ValueError(f"a {state} hold needs placed_at, the time it was placed")
        return cls(hold_id, event_id, room.id, day, start, end, buffered_window(room, start, end), state,
                   queued_at, placed_at, warning_sent_at)

    def overlaps(self, other: Hold) -> bool:
        """True when both claim the same room at overlapping (buffered) times, on this day or a neighbour."""
        if self.room_id != other.room_id:
            return False
        seen = seen_from(other.window, other.day, self.day)
        return seen is not None and self.window.overlaps(seen)

    def as_booking(self, policies: Policies) -> Booking:
        """This hold as an availability `Booking` (Option with its expiry, or Confirmed)."""
        if self.state not in BLOCKING_STATES or self.placed_at is None:
            raise ValueError(
                f"hold {self.hold_id} is {self.state}; only held, accepted or confirmed ones block"
            )
        status: Literal["Option", "Confirmed"] = "Confirmed" if self.state == "confirmed" else "Option"
        expires = option_expiry(self.placed_at, policies) if self.state == "held" else None
        return Booking(self.room_id, self.day, self.window.start_min, self.window.end_min, status, expires,
                       self.event_id)


@dataclass(frozen=True)
class HoldSchedule:
    """When a running hold is warned and when it lapses (aware datetimes, the placed_at's zone)."""

    placed_at: datetime
    warning_at: datetime
    expires_at: datetime


def hold_schedule(placed_at: datetime, policies: Policies) -> HoldSchedule:
    """Expiry = placed_at + option_days × 24 h, warning = expiry − 48 h, both in absolute time."""
    _require_aware(placed_at, "placed_at")
    expires = option_expiry(placed_at, policies)
    # Aware arithmetic inside one zone is wall-clock; subtract in UTC so the 48 h are real hours.
    warning = (expires.astimezone(UTC) - WARNING_BEFORE_EXPIRY).astimezone(placed_at.tzinfo)
    return HoldSchedule(placed_at, warning, expires)


HoldActionKind = Literal["expire", "promote", "warn"]


@dataclass(frozen=True)
class HoldAction:
    """A due job step: warn a holder, expire a hold, or promote a waiting option to a hold.

    Carries what the message names (room, date, window) and the times it states: `due_at` (when it became
    due), `expires_at` (the warned hold's expiry, or the promoted hold's new one). `key` is stable for one
    hold and one placement, for exactly-once delivery.
    """

    kind: HoldActionKind
    hold_id: str
    event_id: str
    room_id: str
    day: date
    start: time
    end: time
    due_at: datetime
    expires_at: datetime | None

    @property
    def key(self) -> str:
        """An idempotency key: a warning or expiry names its placement's expiry; a promotion happens once."""
        if self.kind == "promote" or self.expires_at is None:
            return f"hold-{self.kind}:{self.hold_id}"
        return f"hold-{self.kind}:{self.hold_id}:{self.expires_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _action(kind: HoldActionKind, hold: Hold, due_at: datetime, expires_at: datetime | None) -> HoldAction:
    return HoldAction(kind, hold.hold_id, hold.event_id, hold.room_id, hold.day, hold.start, hold.end, due_at,
                      expires_at)


def _queue_order(hold: Hold) -> tuple[datetime, str]:
    return hold.queued_at, hold.hold_id


def due_hold_actions(holds: Iterable[Hold], now: datetime, policies: Policies) -> list[HoldAction]:
    """The expiries, promotions and warnings due at `now`, in that order, each in queue order.

    A running hold past its expiry is expired (no warning then); one past its warning time whose warning
    was not sent is warned. Accepted and confirmed holds never lapse. A waiting option is promoted when no
    held, accepted or confirmed claim of another event overlaps it once the due expiries are applied; the
    earliest-queued of overlapping waiting options goes first, and its promotion (placed at `now`) then
    blocks the ones behind it. Apply the actions and call again: nothing is due twice.
    """
    _require_aware(now, "now")
    ordered = sorted(holds, key=_queue_order)
    expiries: list[HoldAction] = []
    warnings: list[HoldAction] = []
    lapsing: set[str] = set()
    for hold in ordered:
        if hold.state != "held" or hold.placed_at is None:
            continue
        schedule = hold_schedule(hold.placed_at, policies)
        if now >= schedule.expires_at:
            expiries.append(_action("expire", hold, schedule.expires_at, schedule.expires_at))
            lapsing.add(hold.hold_id)
        elif now >= schedule.warning_at and hold.warning_sent_at is None:
            warnings.append(_action("warn", hold, schedule.warning_at, schedule.expires_at))
    blockers = [hold for hold in ordered if hold.state in BLOCKING_STATES and hold.hold_id not in lapsing]
    promotions: list[HoldAction] = []
    for option in (hold for hold in ordered if hold.state == "waiting"):
        if any(option.overlaps(other) and other.event_id != option.event_id for other in blockers):
            continue
        promoted = replace(option, state="held", placed_at=now)
        promotions.append(_action("promote", option, now, option_expiry(now, policies)))
        blockers.append(promoted)
    return [*expiries, *promotions, *warnings]


def option_rank(hold: Hold, holds: Iterable[Hold]) -> int:
    """1 for a hold; for a waiting option 1 + the claims ahead of it on an overlapping slot (2 = 2nd)."""
    if hold.state in BLOCKING_STATES:
        return 1
    if hold.state == "released":
        raise ValueError(f"hold {hold.hold_id} is released; it has no rank")
    ahead = 0
    for other in holds:
        if other.hold_id == hold.hold_id or other.event_id == hold.event_id or not hold.overlaps(other):
            continue
        if other.state in BLOCKING_STATES:
            ahead += 1
        elif other.state == "waiting" and _queue_order(other) < _queue_order(hold):
            ahead += 1
    return 1 + ahead
