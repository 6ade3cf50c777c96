"""Which rooms fit a group, and in which order to offer them (docs/venue.md "Rooms").

A room fits when its capacity in the requested layout (the largest layout when none is given; the largest
seated one for a meal at tables) holds the group and the group reaches its minimum. Ranking: available, then
unconfirmed (a calendar of the room could not be read), then option-held, then the smallest sufficient capacity,
then more requested features matched, then id. Confirmed rooms are never offered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from venuedesk.domain.availability import RoomStatus
from venuedesk.domain.catalogue import Room, Venue

STATUS_ORDER = {"Available": 0, "Unconfirmed": 1, "Option": 2}
"""Offer order by status: free rooms first, then rooms whose calendar could not be checked, then option-held."""

FitReason = Literal["layout_not_offered", "too_small", "below_min_guests"]


@dataclass(frozen=True)
class FitResult:
    """Whether a room fits; `layout` and `capacity` are those used for the check (None if not offered)."""

    room_id: str
    fits: bool
    reason: FitReason | None
    layout: str | None
    capacity: int
    min_guests: int


def room_fits(room: Room, participants: int, layout: str | None, *, seated: bool = False) -> FitResult:
    """Check capacity in `layout` (when None: the largest layout, the largest seated one if `seated`) and the
    room's minimum number of guests."""
    if layout is None:
        largest = room.max_seated_capacity() if seated else room.max_capacity()
        if largest is None:
            return FitResult(room.id, False, "layout_not_offered", None, 0, room.min_guests)
        used_layout, capacity = largest
    elif layout in room.capacity:
        used_layout, capacity = layout, room.capacity[layout]
    else:
        return FitResult(room.id, False, "layout_not_offered", None, 0, room.min_guests)
    reason: FitReason | None = None
    if capacity < participants:
        reason = "too_small"
    elif participants < room.min_guests:
        reason = "below_min_guests"
    return FitResult(room.id, reason is None, reason, used_layout, capacity, room.min_guests)


def matched_features(room: Room, wanted: Iterable[str]) -> tuple[str, ...]:
    """The requested features the room has (case-insensitive; "wireless mics" matches "2 wireless mics")."""
    features = [feature.casefold() for feature in room.features]
    matched = []
    for item in wanted:
        needle = item.casefold().strip()
        if needle and any(needle in feature or feature in needle for feature in features):
            matched.append(item)
    return tuple(matched)


@dataclass(frozen=True)
class RoomCandidate:
    """A fitting room with its status for the requested window and the requested features it has."""

    room: Room
    status: RoomStatus
    fit: FitResult
    features_matched: tuple[str, ...] = ()


def make_candidate(
    room: Room, status: RoomStatus, participants: int, layout: str | None, special: Iterable[str] = (),
    *, seated: bool = False,
) -> RoomCandidate:
    """Bundle a room's fit, status and matched features for ranking."""
    fit = room_fits(room, participants, layout, seated=seated)
    return RoomCandidate(room, status, fit, matched_features(room, special))


def offerable(candidate: RoomCandidate) -> bool:
    """A room may be offered when it fits and is not confirmed for someone else."""
    return candidate.fit.fits and candidate.status != "Confirmed"


def rank_rooms(candidates: Sequence[RoomCandidate]) -> list[RoomCandidate]:
    """Offerable candidates in offer order; rooms that do not fit or are Confirmed are left out."""
    return sorted(
        (candidate for candidate in candidates if offerable(candidate)),
        key=lambda c: (STATUS_ORDER.get(c.status, 3), c.fit.capacity, -len(c.features_matched), c.room.id),
    )


def largest_capacity(venue: Venue, layout: str | None, *, seated: bool = False) -> tuple[Room, int] | None:
    """The room taking the most guests in `layout` (any layout when None, any seated one if `seated`), for
    capacity explanations.

    With no layout, the room's largest layout is meant: `room.max_capacity()[0]` names it.
    None when no room offers the layout.
    """
    best: tuple[Room, int] | None = None
    for room in venue.rooms:
        if layout is None:
            largest = room.max_seated_capacity() if seated else room.max_capacity()
            if largest is None:
                continue
            capacity = largest[1]
        elif layout in room.capacity:
            capacity = room.capacity[layout]
        else:
            continue
        if best is None or capacity > best[1]:
            best = (room, capacity)
    return best
