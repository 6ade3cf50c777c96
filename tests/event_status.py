"""Set an event's status straight in the store, standing in for the steps that would get it there (a lost inquiry
for retention, a Confirmed booking that erasure by the client must keep)."""

from __future__ import annotations

from venuedesk.workflow.desk import Desk


def set_event_status(desk: Desk, thread_id: str, status: str) -> None:
    """Save the thread's event with `status` at the desk clock's now."""
    with desk.uow() as uow:
        state = uow.events.for_thread(thread_id)
        assert state is not None
        state.status = status
        uow.events.save(state, desk.clock.now())
        uow.commit()
