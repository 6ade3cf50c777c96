"""The manager's "mark lost" (docs/pipeline.md): an open lead or option ended as Lost with a reason, once."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from venuedesk.domain.offer_lifecycle import event_transition
from venuedesk.domain.pipeline import LOST_REASONS, MARKABLE_STATUSES
from venuedesk.store.uow import UnitOfWork
from venuedesk.understanding.model import Understanding
from venuedesk.i18n import say
from venuedesk.workflow.errors import InputError, StateConflict, UnknownThread
from venuedesk.workflow.lost_exits import record_exit
from venuedesk.workflow.keys import check_key, lock_key, reused_key, same_request
from venuedesk.workflow.manager import DecisionDeps
from venuedesk.workflow.steps import room
from venuedesk.workflow.turn import Turn

MAX_NOTE_CHARS = 2000
OFFER_OPEN = frozenset({"Draft", "Sent", "Accepted"})


class NotMarkable(StateConflict):
    """The thread has no booking, or one that is not an open lead or option (HTTP 409 `not_markable`)."""

    code = "not_markable"


@dataclass(frozen=True)
class MarkedLost:
    """What "mark lost" did: the thread, its status before and now (Lost), the reason and when."""

    thread_id: str
    event_id: str
    from_status: str
    status: str
    reason: str
    note: str | None
    marked_at: datetime
    marked_by: str

    def as_json(self) -> dict[str, Any]:
        """The result as stored with the request (a repeat answers it again) and returned by the API."""
        return {**asdict(self), "marked_at": self.marked_at.isoformat()}


def mark_lost(
    deps: DecisionDeps, thread_id: str, reason: str, note: str | None, *, manager_id: str,
    idempotency_key: str | None,
) -> MarkedLost:
    """A manager ends an open lead or option as Lost with a reason: the hold released (a 2nd option behind it is
    promoted), open offers superseded, open tasks closed, the thread Closed, the decision audited under the
    manager's account. Nothing is sent to the client. A repeat (double click, retried key) answers the first
    result and changes nothing; the key used for another request is a 422."""
    if reason not in LOST_REASONS:
        raise InputError.said("manager.error.lost_reason", field="reason", reason=repr(reason),
                              reasons=", ".join(LOST_REASONS))
    note = note.strip() if note and note.strip() else None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise InputError.said("manager.error.lost_note_too_long", field="note", limit=MAX_NOTE_CHARS,
                              length=len(note))
    check_key(idempotency_key)
    asked = {"mark_lost": reason, "note": note}
    with deps.uow() as uow:
        key = f"manager:{idempotency_key}" if idempotency_key else f"lost:{thread_id}"
        if idempotency_key:
            lock_key(uow, key)  # before the thread, as for decisions
        if not uow.lock_thread(thread_id):
            raise UnknownThread.said("manager.error.unknown_thread", thread_id=repr(thread_id))
        stored = uow.inbox.get(thread_id, key)
        if idempotency_key:
            first_use = stored or uow.inbox.find_key(key, kind="hil")
            if first_use is not None and (first_use is not stored or not same_request(first_use.payload, asked)):
                raise reused_key(idempotency_key)
        if stored is not None and stored.reply is not None:
            return _from_json(stored.reply)
        result = _mark(deps, uow, thread_id, reason, note, manager_id)
        uow.inbox.put(thread_id, key, "hil", asked, result.marked_at, result.as_json())
        uow.commit()
        return result


def _mark(
    deps: DecisionDeps, uow: UnitOfWork, thread_id: str, reason: str, note: str | None, manager_id: str
) -> MarkedLost:
    """The change itself, under the thread's lock."""
    state = uow.events.for_thread(thread_id)
    if state is None:
        raise NotMarkable.said("manager.error.lost_no_booking", thread_id=repr(thread_id))
    if state.status not in MARKABLE_STATUSES:
        raise _not_markable(thread_id, state.status)
    now = deps.clock.now()
    turn = Turn(uow=uow, venue=deps.venue, now=now, state=state, facts=Understanding(language=state.language),
                executor=deps.executor, turn_id=f"turn-{state.revision + 1}", actor=manager_id,
                calendars=deps.calendars)
    from_status = state.status
    live = state.offer
    room_id = state.locked_room_id or (live.room_id if live else None)
    if state.locked_room_id:
        room.release_hold(turn)
    for offer in state.offers:
        if offer.status in OFFER_OPEN:
            offer.status = "Superseded"
    for task in uow.hil.open_for_thread(thread_id):
        uow.hil.decide(task.id, "superseded", {"reason": "the manager marked the thread lost"}, manager_id, now)
    state.status = event_transition(state.status, "Lost")  # a released hold left it a Lead
    state.thread_state = "Closed"
    state.caller_step = None
    said = f"marked lost: {reason}" + (f": {note}" if note else "")
    state.record("manager_decision", at=now, actor=manager_id, reason=said,
                 detail={"decision": "mark_lost", "reason": reason, "note": note, "from_status": from_status})
    record_exit(turn, "marked_lost", from_status, "Lost", room_id, reason=reason, note=note)
    state.revision += 1
    uow.events.save(state, now)
    uow.messages.append(thread_id, "manager", said, turn.turn_id, now)
    return MarkedLost(thread_id=thread_id, event_id=state.event_id, from_status=from_status, status="Lost",
                      reason=reason, note=note, marked_at=now, marked_by=manager_id)


def _not_markable(thread_id: str, status: str) -> NotMarkable:
    """The 409 for a booking that has ended or is confirmed, its status named in the manager's language."""
    key = "manager.error.lost_confirmed" if status == "Confirmed" else "manager.error.lost_ended"

    def words(language: str) -> str:
        return say(key, language, thread_id=repr(thread_id),
                   status=say(f"ui.console.status.{status.lower()}", language))

    return NotMarkable(words("en"), words=words)


def _from_json(stored: dict[str, Any]) -> MarkedLost:
    return MarkedLost(**{**stored, "marked_at": datetime.fromisoformat(stored["marked_at"])})
