"""A model's parallel availability calls read the venue's calendars in one fan-out.

When a model proposes several availability tool calls in one response (dates_check, dates_propose,
rooms_search), the engine runs them one after another in the model's order; reading their calendar spans first,
all at once, makes each of those calls answer from the calendar cache instead of waiting on the calendars in turn.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from venuedesk.domain.catalogue import Room, Venue
from venuedesk.providers.base import ProposedToolCall

if TYPE_CHECKING:
    from venuedesk.workflow.turn import Turn

log = logging.getLogger(__name__)
PROPOSE_DAYS = 62
"""How far from its first day a dates_propose call is read ahead (it looks no further for most requests)."""

Span = tuple[Sequence[Room], date, date]


def availability_spans(proposals: Sequence[ProposedToolCall], venue: Venue, today: date) -> list[Span]:
    """The (rooms, first day, last day) each availability proposal will ask the calendars about, in the
    proposals' order; rooms without calendars and proposals whose arguments do not validate are left out."""
    rooms = [room for room in venue.rooms if room.calendars]
    if not rooms:
        return []
    spans: list[Span] = []
    for proposal in proposals:
        days = _days(proposal, today)
        if days is not None:
            spans.append((rooms, *days))
    return spans


def prefetch_availability(turn: Turn) -> None:
    """Read the calendars for all of the turn's availability proposals at once (one fan-out); never fails the
    turn (a calendar that is down is reported by the tool call that needs it)."""
    spans = availability_spans(turn.proposals, turn.venue, turn.now.date())
    if not spans:
        return
    try:
        turn.calendars.prefetch(spans)
    except Exception:  # the tools read the calendars again anyway; prefetching only saves time
        log.warning("prefetching the calendars for %d availability calls failed", len(spans), exc_info=True)


def _days(proposal: ProposedToolCall, today: date) -> tuple[date, date] | None:
    """The first and last day a proposal asks about; None when its days cannot be read (the tool will refuse it)."""
    args = _arguments(proposal.args)
    try:
        if proposal.name == "dates_check":
            dates = [_day(value) for value in args["dates"]]
            return (min(dates), max(dates)) if dates else None
        if proposal.name == "rooms_search":
            day = _day(args["date"])
            return day, day
        if proposal.name == "dates_propose":
            first = max(_day(args["after"]), today)
            last = first + timedelta(days=PROPOSE_DAYS)
            before = _day(args["before"]) if args.get("before") else None
            return first, min(before, last) if before is not None and before >= first else last
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _arguments(args: dict[str, Any] | str) -> dict[str, Any]:
    if isinstance(args, str):
        try:
            parsed = json.loads(args)
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}
    return args


def _day(value: object) -> date:
    if not isinstance(value, str):
        raise TypeError(f"a day must be written YYYY-MM-DD, got {type(value).__name__}")
    return date.fromisoformat(value)
