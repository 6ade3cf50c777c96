"""What a manager needs beside a HIL task to decide it: who the client is, what they asked, the conversation
so far, the client's mails with their files, why the task exists, the rejection note, and what an edit may
change."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from venuedesk.domain.event import EventState
from venuedesk.store.repositories.events import EventRepository
from venuedesk.store.repositories.mail import MailRepository
from venuedesk.store.repositories.messages import MessageRepository
from venuedesk.understanding.mail_text import split_reply
from venuedesk.workflow import texts
from venuedesk.workflow.mail_view import mail_view
from venuedesk.workflow.offer_edit import edit_rule
from venuedesk.workflow.steps.negotiation import counter_summary

CONVERSATION_LIMIT = 40
REASON_KEYS = {"offer_approval", "manual_review", "tool_failure", "counter_offer", "counter_limit",
               "confirmation_approval", "cancellation", "reply_approval"}


def task_context(row: Any, language: str = "en") -> dict[str, Any]:
    """The context fields of a task view, read in the task row's own session (the list endpoint's transaction);
    the reason and the edit rule are in the manager's `language`."""
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
        "conversation": [_line(m) for m in history],
        "conversation_total": messages.count(row.thread_id),
        "mail": mail_view(MailRepository(session), row.thread_id),
        "reason": reason_of(row, state, language),
        "note": decision.get("note"),
        "previous_note": draft.get("manager_note"),
        "edit": _edit_of(draft, language),
    }


def _line(message: Any) -> dict[str, Any]:
    """One conversation line; a client mail with quoted history or a signature also gives the new text the desk
    read (`body`) and what it did not (`quoted`)."""
    quoted = message.stripped
    return {"role": message.role, "text": message.text, "turn_id": message.turn_id,
            "at": message.created_at.isoformat(), "quoted": quoted,
            "body": split_reply(message.text).body if quoted else None}


def client_of(state: EventState | None) -> dict[str, str | None]:
    """Name, email and company as far as the desk knows them."""
    if state is None:
        return {"name": None, "email": None, "company": None}
    return {"name": state.client_name or state.billing.name, "email": state.client_email,
            "company": state.billing.company}


def event_of(state: EventState | None) -> dict[str, Any] | None:
    """The event at a glance: status, step, head count, date and window, room, live offer total, until when the
    room is held, the deposit, a cancellation with its refund (docs/design.md §4.13), and what the client asked for
    that the catalogue lacks (`unknown_items`, for the manager to add to the offer by hand)."""
    if state is None:
        return None
    req = state.requirements
    offer = state.offer
    return {"event_id": state.event_id, "status": state.status, "current_step": state.current_step,
            "participants": req.participants, "chosen_date": state.chosen_date.isoformat() if state.chosen_date
            else None, "start_time": req.start_time, "end_time": req.end_time, "room_id": state.locked_room_id,
            "total": None if offer is None else float(offer.total),
            "hold_expires_at": state.hold_expires_at.isoformat() if state.hold_expires_at else None,
            "deposit": state.deposit.model_dump(mode="json"),
            "cancellation": None if state.cancellation is None else state.cancellation.model_dump(mode="json"),
            "unknown_items": list(state.unknown_items)}


def reason_of(row: Any, state: EventState | None, language: str = "en") -> str:
    """Why the task exists, in a sentence for the manager in their `language`."""
    draft = row.draft or {}
    offer = None
    if state is not None and row.offer_id:
        offer = next((o for o in state.offers if o.offer_id == row.offer_id), None)
    ids = {"offer_id": row.offer_id, "version": row.offer_version}
    offer_text = texts.say("manager.reason.offer", language, **ids) if offer is None else \
        texts.say("manager.reason.offer_total", language, total=texts.money(offer.total), **ids)
    if row.type == "offer_approval" and draft.get("redraft_of"):
        return texts.say("manager.reason.redraft", language, offer=offer_text, task_id=draft["redraft_of"],
                         note=draft.get("manager_note") or "")
    key = f"manager.reason.{row.type}" if row.type in REASON_KEYS else "manager.reason.other"
    if state is not None and row.id in state.payment_tasks:
        key = "manager.reason.payment_check"  # a payment claim, a mismatched payment or an overdue deposit
    summary = _counter_summary(row, state, language) or row.summary or ""
    return texts.say(key, language, offer=offer_text, summary=summary, type=row.type.replace("_", " "))


def _counter_summary(row: Any, state: EventState | None, language: str) -> str | None:
    """A counter task's summary re-said in the manager's `language` from the facts its audit entry keeps; None for
    other tasks (their summary is shown as stored)."""
    if state is None or row.type not in ("counter_offer", "counter_limit"):
        return None
    for entry in state.audit:
        detail = entry.detail or {}
        if detail.get("task_id") == row.id and isinstance(detail.get("counter"), dict):
            return counter_summary(detail["counter"], language)
    return None


def _edit_of(draft: dict[str, Any], language: str) -> dict[str, str] | None:
    """For an offer draft: the editable message, the fixed part sent as computed, and the rule."""
    if "terms_markdown" not in draft:
        return None
    return {"message": draft.get("message_markdown", ""), "fixed": draft["terms_markdown"],
            "rule": edit_rule(language)}
