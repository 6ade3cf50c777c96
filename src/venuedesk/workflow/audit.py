"""Audit entries beyond step changes: what the client chose, what the manager decided, what was sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from venuedesk.domain.event import EventState
from venuedesk.workflow import texts
from venuedesk.workflow.reply import Reply


def action_line(name: str, args: dict[str, Any]) -> str:
    """`select_room room_id=room-b`: an action and its arguments on one line (the button's ref is in the detail)."""
    shown = " ".join(f"{key}={value}" for key, value in sorted(args.items()) if value is not None and key != "ref")
    return f"{name} {shown}".strip()


def record_action(state: EventState, payload: dict[str, Any], at: datetime, outcome: str | None = None) -> None:
    """A client's typed action (button, deep link), with why it was refused when it was."""
    args = dict(payload.get("args") or {})
    reason = action_line(str(payload.get("name")), args)
    detail: dict[str, Any] = {"name": payload.get("name"), "args": args}
    if outcome:
        reason = f"{reason} (refused: {outcome})"
        detail["refused"] = outcome
    state.record("client_action", at=at, actor="client", reason=reason, detail=detail)


def record_decision(
    state: EventState, at: datetime, manager_id: str, decision: str, task_id: str, note: str | None
) -> None:
    """A manager's approve / edit / reject of a task; a rejection keeps its note."""
    reason = f"{decision} task {task_id}" + (f": {note.strip()}" if note and note.strip() else "")
    detail: dict[str, Any] = {"task_id": task_id, "decision": decision}
    if note is not None:
        detail["note"] = note
    state.record("manager_decision", at=at, actor=manager_id, reason=reason, detail=detail)


def record_sent(
    state: EventState, reply: Reply, at: datetime, *, actor: str, review: str, kind: str | None = None
) -> None:
    """A message that reached the client: `auto` (sent at once by the desk) or after a manager's review; `kind`
    names its autonomy kind when it has one (an offer sent at once under `offer: auto`)."""
    how = "sent at once (no review)" if review == "auto" else f"sent after the manager {review} it"
    what = f"{kind} " if kind else ""
    detail: dict[str, Any] = {"turn_id": reply.turn_id, "agent": reply.agent, "review": review}
    if kind:
        detail["kind"] = kind
    state.record("message", at=at, actor=actor, reason=f"{reply.agent} {what}reply {reply.turn_id} {how}",
                 detail=detail)


def audit_text(entry: dict[str, Any], language: str) -> str:
    """An audit entry's `reason` in the manager's `language`: manager decisions and messages sent are
    re-said from their detail; step changes, client actions and tool effects stay as recorded."""
    detail = entry.get("detail") or {}
    kind = entry.get("kind")
    if kind == "manager_decision" and detail.get("decision") in {"approve", "edit", "reject"} and detail.get("task_id"):
        note = str(detail.get("note") or "").strip()
        said = texts.say(f"manager.audit.{detail['decision']}", language, task_id=detail["task_id"])
        return f"{said}: {note}" if note else said
    if kind == "message" and detail.get("review") in {"auto", "approved", "edited"} and detail.get("turn_id"):
        return texts.say(f"manager.audit.sent_{detail['review']}", language, agent=detail.get("agent", ""),
                         turn_id=detail["turn_id"])
    return str(entry.get("reason") or "")
