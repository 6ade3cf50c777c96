"""What a manager needs beside a HIL task to decide it: who the client is, what they asked, the conversation
so far, why the task exists, the rejection note, and what an edit may change."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from venuedesk.domain.event import EventState
from venuedesk.store.repositories.events import EventRepository
from venuedesk.store.repositories.messages import MessageRepository
from venuedesk.workflow import texts
from venuedesk.workflow.offer_edit import EDIT_RULE

CONVERSATION_LIMIT = 40
REASONS = {
    "offer_approval": "Every offer is reviewed before the client sees it: {offer}.",
    "manual_review": "The client wrote after the offer was sent and the desk cannot handle it on its own: "
                     "\u201c{summary}\u201d",
    "tool_failure": "A booking tool failed for good during the client's turn ({summary}); the client was told "
                    "the team will get back to them.",
}


def task_context(row: Any) -> dict[str, Any]:
    """The context fields of a task view, read in the task row's own session (the list endpoint's transaction)."""
    session = object_session(row)
    if session is None:
        raise RuntimeError("task_context needs a task row attached to a session")
    state = EventRepository(session).for_thread(row.thread_id)
    messages = MessageRepository(session)
    history = messages.history(row.thread_id, limit=CONVERSATION_LIMIT)
    first = messages.first(row.thread_id, "client", exclude_prefix="[")
    decision = row.decision or {}
    draft = row.draft or {}
    return {
        "client": client_of(state),
        "event": event_of(state),
        "first_request": None if first is None else first.text,
        "conversation": [{"role": m.role, "text": m.text, "turn_id": m.turn_id, "at": m.created_at.isoformat()}
                         for m in history],
        "conversation_total": messages.count(row.thread_id),
        "reason": reason_of(row, state),
        "note": decision.get("note"),
        "previous_note": draft.get("manager_note"),
        "edit": _edit_of(draft),
    }


def client_of(state: EventState | None) -> dict[str, str | None]:
    """Name, email and company as far as the desk knows them."""
    if state is None:
        return {"name": None, "email": None, "company": None}
    return {"name": state.client_name or state.billing.name, "email": state.client_email,
            "company": state.billing.company}


def event_of(state: EventState | None) -> dict[str, Any] | None:
    """The event at a glance: status, step, head count, date and window, room, live offer total."""
    if state is None:
        return None
    req = state.requirements
    offer = state.offer
    return {"event_id": state.event_id, "status": state.status, "current_step": state.current_step,
            "participants": req.participants, "chosen_date": state.chosen_date.isoformat() if state.chosen_date
            else None, "start_time": req.start_time, "end_time": req.end_time, "room_id": state.locked_room_id,
            "total": None if offer is None else float(offer.total)}


def reason_of(row: Any, state: EventState | None) -> str:
    """Why the task exists, in a sentence for the manager."""
    draft = row.draft or {}
    offer = None
    if state is not None and row.offer_id:
        offer = next((o for o in state.offers if o.offer_id == row.offer_id), None)
    offer_text = f"offer {row.offer_id} version {row.offer_version}"
    if offer is not None:
        offer_text += f", CHF {texts.money(offer.total)}"
    if row.type == "offer_approval" and draft.get("redraft_of"):
        return (f"Redraft of {offer_text} after you rejected task {draft['redraft_of']} with the note "
                f"\u201c{draft.get('manager_note') or ''}\u201d. The offline desk regenerates the same text and "
                "cannot follow a note; change the wording with Edit.")
    template = REASONS.get(row.type, "A {type} task: {summary}")
    return template.format(offer=offer_text, summary=row.summary or "", type=row.type.replace("_", " "))


def _edit_of(draft: dict[str, Any]) -> dict[str, str] | None:
    """For an offer draft: the editable message, the fixed part sent as computed, and the rule."""
    if "terms_markdown" not in draft:
        return None
    return {"message": draft.get("message_markdown", ""), "fixed": draft["terms_markdown"], "rule": EDIT_RULE}
