"""Why threads leave a stage (docs/pipeline.md): one `lost_reasons` row per exit, written in the transaction of the
state change itself, where it happens: a declined offer (`steps/negotiation.py`), a lapsed option
(`jobs/option_expiry.py`), a cancellation before or after confirmation (`cancellation.py`) and the manager's
"mark lost" (`lost.py`)."""

from __future__ import annotations

from venuedesk.domain.pipeline import ExitKind
from venuedesk.workflow.turn import Turn


def record_exit(
    turn: Turn, kind: ExitKind, from_status: str, to_status: str, room_id: str | None, *,
    reason: str | None = None, note: str | None = None,
) -> None:
    """One `lost_reasons` row for the turn's event, committed or rolled back with the change it records."""
    state = turn.state
    turn.uow.lost.record(event_id=state.event_id, thread_id=state.thread_id, kind=kind, from_status=from_status,
                         to_status=to_status, at=turn.now, actor=turn.actor, room_id=room_id, reason=reason,
                         note=note)


def record_lapse(turn: Turn, from_status: str, room_id: str | None) -> None:
    """A hold found lapsed or taken when the client accepted or the manager approved: an `expired` exit while the
    event was still an Option (once the `option_expiry` job has released it, the job recorded it)."""
    if from_status == "Option":
        record_exit(turn, "expired", from_status, turn.state.status, room_id)
