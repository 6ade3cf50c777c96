"""The offer and event lifecycles as pure state machines (docs/design.md §4.3, §4.13).

Offer: Draft → Sent (approved and sent) → Accepted | Declined; a Draft, Sent or Accepted offer becomes Superseded
when a new version replaces it (an acceptance applies to the accepted version's terms only: a change before the
confirmation makes a new version the client accepts again). Declined and Superseded are final.

Event: Lead → Option (room held) → Confirmed; Option → Lead when the hold lapses or is released;
Lead or Option → Lost (declined, cancelled before confirmation); Confirmed → Cancelled. Lost and
Cancelled are final (a later message opens a new inquiry with a new event).

A transition that the table does not allow raises `TransitionError` naming the status, the target and
what is allowed from there; asking for the status the thing already has is refused as `unchanged`, so a
repeated decision is noticed by the caller (and answered as a no-op) instead of passing silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeVar

from venuedesk.domain.event import EventStatus, OfferStatus

OFFER_TRANSITIONS: Mapping[OfferStatus, frozenset[OfferStatus]] = {
    "Draft": frozenset({"Sent", "Superseded"}),
    "Sent": frozenset({"Accepted", "Declined", "Superseded"}),
    "Accepted": frozenset({"Superseded"}),
    "Declined": frozenset(),
    "Superseded": frozenset(),
}
"""Which offer statuses each offer status may move to."""

EVENT_TRANSITIONS: Mapping[EventStatus, frozenset[EventStatus]] = {
    "Lead": frozenset({"Option", "Lost"}),
    "Option": frozenset({"Lead", "Confirmed", "Lost"}),
    "Confirmed": frozenset({"Cancelled"}),
    "Cancelled": frozenset(),
    "Lost": frozenset(),
}
"""Which event statuses each event status may move to."""

TransitionProblem = Literal["unchanged", "final", "not_allowed"]

_S = TypeVar("_S", bound=str)


class TransitionError(ValueError):
    """A status change the lifecycle does not allow; `code` says why, `allowed` what would be allowed."""

    def __init__(
        self, subject: str, current: str, target: str, code: TransitionProblem, allowed: frozenset[str]
    ) -> None:
        self.subject = subject
        self.current = current
        self.target = target
        self.code = code
        self.allowed = allowed
        if code == "unchanged":
            message = f"the {subject} is already {current}; nothing to change"
        elif code == "final":
            message = f"the {subject} is {current}, which is final; it cannot become {target}"
        else:
            options = ", ".join(sorted(allowed))
            message = (
                f"the {subject} is {current}; it cannot become {target} (allowed from {current}: {options})"
            )
        super().__init__(message)


def _check(subject: str, table: Mapping[_S, frozenset[_S]], current: _S, target: _S) -> _S:
    allowed = table[current]
    if target == current:
        raise TransitionError(subject, current, target, "unchanged", frozenset(allowed))
    if not allowed:
        raise TransitionError(subject, current, target, "final", frozenset())
    if target not in allowed:
        raise TransitionError(subject, current, target, "not_allowed", frozenset(allowed))
    return target


def offer_transition(current: OfferStatus, target: OfferStatus) -> OfferStatus:
    """`target` when an offer in `current` may move there; else raises `TransitionError`."""
    return _check("offer", OFFER_TRANSITIONS, current, target)


def event_transition(current: EventStatus, target: EventStatus) -> EventStatus:
    """`target` when an event in `current` may move there; else raises `TransitionError`."""
    return _check("event", EVENT_TRANSITIONS, current, target)


def can_offer_move(current: OfferStatus, target: OfferStatus) -> bool:
    """True when `offer_transition(current, target)` would succeed."""
    return target in OFFER_TRANSITIONS[current]


def can_event_move(current: EventStatus, target: EventStatus) -> bool:
    """True when `event_transition(current, target)` would succeed."""
    return target in EVENT_TRANSITIONS[current]


def is_final_offer(status: OfferStatus) -> bool:
    """Declined and Superseded offers never change again (an Accepted one may still be superseded)."""
    return not OFFER_TRANSITIONS[status]


def is_final_event(status: EventStatus) -> bool:
    """Lost and Cancelled events never change again (a new inquiry is a new event)."""
    return not EVENT_TRANSITIONS[status]
