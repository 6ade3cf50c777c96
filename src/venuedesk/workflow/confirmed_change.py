"""A change asked of a Confirmed booking (date, room, head count, window, products): the confirmed booking is never
moved or re-held by the engine; the change goes to the venue's team as a `manual_review` task and the client is
told the booking stands until the team answers (docs/design.md §4.4: Confirmed stays at step 7); the team answers by
amending the booking, which can close the task (`workflow/amendment.py`, docs/amendments.md)."""

from __future__ import annotations

from venuedesk.tools.booking_models import HilCreateArgs
from venuedesk.understanding.capture import capture
from venuedesk.workflow.reply import HilRef
from venuedesk.workflow.turn import Turn

MAX_SUMMARY_CHARS = 500


def asks_change(turn: Turn) -> bool:
    """Whether the message would change a booking fact of the confirmed event (tried on a copy: nothing is written;
    a restated unchanged value is not a change)."""
    state = turn.state
    if state.status != "Confirmed":
        return False
    probe = state.model_copy(deep=True)
    return bool(capture(probe, turn.facts, turn.now.date(), turn.venue).kinds())


def to_the_team(turn: Turn, text: str) -> None:
    """One `manual_review` task with the client's words (none while one is open); the client hears the booking
    stands as confirmed and the team will answer."""
    state = turn.state
    open_review = next((task for task in turn.uow.hil.open_for_thread(state.thread_id)
                        if task.type == "manual_review"), None)
    if open_review is None:
        summary = f"Change asked of confirmed booking {state.event_id}: {text}"[:MAX_SUMMARY_CHARS]
        created = turn.call("hil_create", HilCreateArgs(type="manual_review", summary=summary))
        turn.hil = HilRef(task_id=created.task_id, type="manual_review", status=created.status)
    else:
        turn.hil = HilRef(task_id=open_review.id, type="manual_review", status=open_review.status)
    state.thread_state = "Waiting on HIL"
    turn.say("confirmed_change_to_team", venue=turn.venue.name)
    turn.agent = "offer_agent"
    turn.next_key = "venue_answers"
