"""A room held while one of its venue calendars could not be read (issue 11): the hold stands so nobody else takes
the room, and the venue's team gets one `manual_review` task naming the calendars to check and why they failed.

The client goes on to the offer as usual; the offer itself always waits for the manager while the check is open
(workflow/steps/offer.py), so nothing binding reaches the client before the venue has looked at its calendar.
Approving the task sends the client the draft saying the room is confirmed; rejecting it releases the hold and
shows the client the rooms free now (workflow/calendar_refusal.py).
"""

from __future__ import annotations

import json
from typing import Any

from venuedesk.tools.booking_models import CalendarFailureOut, HilCreateArgs
from venuedesk.workflow import texts
from venuedesk.workflow.reply import HilRef
from venuedesk.workflow.turn import Turn

DRAFT_KEY = "calendar_check"
"""The draft of a calendar-check task carries {room_id, date, calendars} under this key."""

REASON_WORDS = {"timeout": "did not answer in time", "error": "answered with an error",
                "not_configured": "is not configured (its URL or credentials are missing)"}


def has_calendars(turn: Turn) -> bool:
    """Whether any room of the venue has a calendar (else no check can exist and nothing is looked up)."""
    return any(room.calendars for room in turn.venue.rooms)


def is_calendar_check(task: Any) -> bool:
    """Whether a HIL task row is a calendar check opened by this module."""
    return task.type == "manual_review" and DRAFT_KEY in (task.draft or {})


def open_for(turn: Turn) -> bool:
    """Whether a calendar check of this event is still open (the offer then waits for the manager)."""
    return has_calendars(turn) and any(is_calendar_check(task) for task in turn.uow.hil.open_for_thread(turn.state.thread_id))


def open_check(turn: Turn, room_id: str, failures: list[CalendarFailureOut]) -> None:
    """One open calendar-check task for the held room and date (an open one for the same slot is reused); the
    client hears the room is held subject to the venue checking its calendar."""
    state = turn.state
    assert state.chosen_date is not None
    slot = {"room_id": room_id, "date": state.chosen_date.isoformat(),
            "calendars": [failure.source_id for failure in failures]}
    existing = next((task for task in turn.uow.hil.open_for_thread(state.thread_id)
                     if is_calendar_check(task) and _same_slot((task.draft or {})[DRAFT_KEY], slot)), None)
    if existing is None:
        created = turn.call("hil_create", HilCreateArgs(type="manual_review", summary=summary(turn, room_id, failures),
                                                        draft_json=json.dumps(_draft(turn, room_id, slot))))
        turn.hil = HilRef(task_id=created.task_id, type="manual_review", status=created.status)
    else:
        turn.hil = HilRef(task_id=existing.id, type="manual_review", status=existing.status)
    room = turn.venue.room(room_id).label(turn.language)
    turn.say("room_held_unconfirmed", room=room)


def close_others(turn: Turn, room_id: str | None, day: str | None) -> None:
    """Close (superseded) the open calendar checks of slots the event no longer holds: a hold that moved to another
    room or date, or was released (`room_id` None)."""
    if not has_calendars(turn):
        return
    for task in turn.uow.hil.open_for_thread(turn.state.thread_id):
        if is_calendar_check(task) and not _same_slot((task.draft or {})[DRAFT_KEY], {"room_id": room_id,
                                                                                       "date": day}):
            turn.uow.hil.decide(task.id, "superseded", {"reason": "the event no longer holds this room and date"},
                                "engine", turn.now)


def _same_slot(stored: dict[str, Any], slot: dict[str, Any]) -> bool:
    return bool(stored.get("room_id") == slot["room_id"] and stored.get("date") == slot["date"])


def summary(turn: Turn, room_id: str, failures: list[CalendarFailureOut]) -> str:
    """What the manager reads: which calendars could not be read and why, and what is held subject to the check."""
    state, req = turn.state, turn.state.requirements
    reasons = "; ".join(
        f"{failure.source_id} {REASON_WORDS.get(failure.reason, failure.reason)}"
        + (f" ({failure.detail})" if failure.detail else "")
        for failure in failures
    )
    return (f"Calendar check: {reasons}. {turn.venue.room(room_id).label('en')} is held on option for "
            f"{state.chosen_date} {req.start_time}–{req.end_time} subject to your check; approve to tell the client "
            f"the room is confirmed, or reject if the calendar shows it busy (the hold is then released and the "
            f"client shown the rooms free now).")[:1900]


def _draft(turn: Turn, room_id: str, slot: dict[str, Any]) -> dict[str, Any]:
    """The message approval sends: the room is confirmed for the date (in the client's language)."""
    state, language = turn.state, turn.language
    assert state.chosen_date is not None
    body = texts.say("calendar_checked", language, room=turn.venue.room(room_id).label(language),
                     date=texts.long_date(state.chosen_date, language))
    return {"agent": "rooms_agent", "body_markdown": body, DRAFT_KEY: slot}
