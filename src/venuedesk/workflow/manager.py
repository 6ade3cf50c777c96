"""Manager decisions on HIL tasks (docs/design.md §4.8): approve sends the held draft once, edit sends the
edited text, reject sends nothing and opens a new draft of the same offer version. Deciding twice changes
nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from venuedesk import faults
from venuedesk.clock import Clock
from venuedesk.calendars.ports import NO_CALENDARS, CalendarReader
from venuedesk.domain.catalogue import Venue
from venuedesk.store.uow import UnitOfWork
from venuedesk.tools.booking_models import HilCreateArgs
from venuedesk.tools.executor import ToolExecutor
from venuedesk.understanding.model import Understanding
from venuedesk.workflow import calendar_refusal, hil_guard, hold_lapse, offer_documents, reoffer, texts
from venuedesk.workflow.errors import DecisionError, InputError, UnknownTask
from venuedesk.workflow.keys import check_key, lock_key, reused_key, same_request
from venuedesk.workflow.audit import record_decision
from venuedesk.workflow.engine import next_key_for
from venuedesk.workflow.finish import notice, reply_from_draft
from venuedesk.workflow.function_sheets import record_sheet
from venuedesk.workflow.offer_edit import edited_body
from venuedesk.workflow.reply import HilRef, Reply, without_footer
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.steps.offer import draft_reply
from venuedesk.workflow.task_context import task_context
from venuedesk.workflow.task_handlers import Decision, counter, handler_for
from venuedesk.workflow.turn import Turn

DECISIONS = {"approve": "approved", "edit": "edited", "reject": "rejected"}
MAX_EDIT_CHARS = 20000


@dataclass(frozen=True)
class DecisionDeps:
    """What a manager decision needs from the desk: a unit of work per call, the venue, the clock, the executor."""

    uow: Callable[[], UnitOfWork]
    venue: Venue
    clock: Clock
    executor: ToolExecutor
    calendars: CalendarReader = NO_CALENDARS


def task_view(row: Any, language: str = "en") -> dict[str, Any]:
    """A task as JSON: id, thread, type, status, draft, created_at, and the context a manager decides with
    (client, first request, conversation, reason, note, what an edit may change; in the manager's `language`)."""
    view = {"task_id": row.id, "thread_id": row.thread_id, "type": row.type, "status": row.status,
            "summary": row.summary, "draft": row.draft, "offer_id": row.offer_id,
            "offer_version": row.offer_version, "created_at": row.created_at.isoformat(),
            "drafted_by": (row.draft or {}).get("drafted_by")}
    view.update(task_context(row, language))
    return view


def decide(
    deps: DecisionDeps, task_id: str, decision: str, *, text: str | None, note: str | None, manager_id: str,
    idempotency_key: str | None, language: str = "en", discount_percent: Decimal | None = None,
    discount_amount: Decimal | None = None,
) -> Reply:
    """Apply a manager's approve / edit / reject to a task once; a repeat returns the stored reply. Notices and
    errors for the manager are in their `language`."""
    if decision not in DECISIONS:
        raise DecisionError(f"decision {decision!r} is unknown; use approve, edit or reject")
    if decision == "edit" and text:
        text = without_footer(text)
    if decision == "edit" and not (text and text.strip()):
        raise DecisionError.said("manager.error.edit_text")
    if decision == "reject" and not (note and note.strip()):
        raise InputError.said("manager.error.reject_note", field="note")
    if text and len(text) > MAX_EDIT_CHARS or note and len(note) > MAX_EDIT_CHARS:
        too_long = "text" if text and len(text) > MAX_EDIT_CHARS else "note"
        raise InputError.said("manager.error.too_long", field=too_long, limit=MAX_EDIT_CHARS)
    check_key(idempotency_key)
    counter.discount_or_error(discount_percent, discount_amount)
    with deps.uow() as uow:
        task = uow.hil.get(task_id)
        if task is None:
            raise UnknownTask.said("manager.error.unknown_task", task_id=repr(task_id))
        counter.check_discount_allowed(task.type, task.id, decision, discount_percent, discount_amount)
        key = f"manager:{idempotency_key}" if idempotency_key else f"hil:{task_id}:{decision}"
        if idempotency_key:
            lock_key(uow, key)  # before the thread: the same key on another task waits, then finds it used
        uow.lock_thread(task.thread_id)
        stored = uow.inbox.get(task.thread_id, key)
        if idempotency_key:
            asked = {"task_id": task_id, "decision": decision, "note": note,
                     "discount_percent": _figure(discount_percent), "discount_amount": _figure(discount_amount)}
            first_use = stored or uow.inbox.find_key(key, kind="hil")
            if first_use is not None and not same_request(first_use.payload, asked, asked):
                raise reused_key(idempotency_key)
        if stored is not None and stored.reply is not None:
            return Reply.model_validate(stored.reply)
        state = uow.events.for_thread(task.thread_id)
        assert state is not None
        now = deps.clock.now()
        turn = Turn(uow=uow, venue=deps.venue, now=now, state=state, facts=Understanding(language=state.language),
                    executor=deps.executor, turn_id=f"turn-{state.revision + 1}", actor=manager_id,
                    calendars=deps.calendars)
        if not uow.hil.is_open(task):
            reply = notice(state, turn.turn_id, "manager", texts.say("hil_already_decided", language, status=task.status),
                           "review" if state.thread_state == "Waiting on HIL" else "answer_offer",
                           HilRef(task_id=task.id, type=task.type, status=task.status))
            return reply
        if decision == "edit":
            text = edited_body(task, state, text or "")
        problem = _sending_problem(turn, task, decision)
        status = "superseded" if problem else DECISIONS[decision]
        decided = uow.hil.decide(task.id, status, {"text": text, "note": note, "reason": problem}, manager_id, now)
        if not decided:
            raise DecisionError.said("manager.error.decided_concurrently", task_id=repr(task_id))
        hil = HilRef(task_id=task.id, type=task.type, status=status)
        record_decision(state, now, manager_id, decision, task.id, note)
        handler = None if problem else handler_for(task.type)
        if handler is not None:
            reply = handler(Decision(turn=turn, task=task, decision=decision, hil=hil, language=language, text=text,
                                     note=note, discount_percent=discount_percent, discount_amount=discount_amount))
        elif problem == "stale":
            reply = _close_stale(turn, task, decision, hil, language)
        elif problem:
            reply = hold_lapse.close_lapsed(turn, task, decision, problem, hil, language)
        elif decision == "reject" and calendar_refusal.applies(turn, task):
            reply = calendar_refusal.refuse(turn, task, hil, language)
        elif decision == "reject":
            reply = _reject(turn, task, note, hil, language)
        else:
            reply = _send(turn, task, text if decision == "edit" else None, hil, language)
        state.revision += 1
        uow.events.save(state, now)
        record_sheet(uow, deps.venue, state, now)
        uow.messages.append(state.thread_id, "manager", f"{decision}: {note or text or ''}".strip(), turn.turn_id, now)
        payload = {"task_id": task_id, "decision": decision, "text": text, "note": note,
                   "discount_percent": _figure(discount_percent), "discount_amount": _figure(discount_amount)}
        uow.inbox.put(state.thread_id, key, "hil", payload, now, reply.model_dump(mode="json"))
        faults.point("decision.before_commit", subject=task_id)
        uow.commit()
        return reply


def _sending_problem(turn: Turn, task: Any, decision: str) -> str | None:
    """Why this decision must send nothing: the offer version is no longer live ("stale"; for a counter: the offer
    it was about is no longer the live sent one), or (approve / edit) the hold behind the offer is gone
    ("released", "lapsed", "taken"); None when the decision may proceed."""
    if task.type in counter.COUNTER_TASKS:
        live = turn.state.offer
        if live is None or live.offer_id != task.offer_id or live.status != "Sent":
            return "stale"
    elif task.type != "offer_approval":
        return None
    if hil_guard.offer_task_is_stale(turn.state, task):
        return "stale"
    if decision == "reject":
        return None
    return hil_guard.hold_problem(turn.uow, turn.state, turn.now)


def _close_stale(turn: Turn, task: Any, decision: str, hil: HilRef, language: str = "en") -> Reply:
    """A decision on a superseded offer version sends nothing; the manager is told which version is live."""
    state = turn.state
    live = state.offer
    reason = (f"offer {task.offer_id} v{task.offer_version} is no longer the live version"
              + (f" (v{live.version} is)" if live else ""))
    state.record("manager_decision", at=turn.now, actor=turn.actor,
                 reason=f"{decision} task {task.id}: closed as superseded, {reason}",
                 detail={"task_id": task.id, "decision": decision, "outcome": "superseded", "reason": reason})
    hil_guard.settle_thread_state(turn.uow, state)
    key = "hil_superseded_live" if live else "hil_superseded"
    body = texts.say(key, language, version=task.offer_version or "?", live=live.version if live else "")
    return notice(state, turn.turn_id, "manager", body, next_key_for(turn), hil)


def _send(turn: Turn, task: Any, edited: str | None, hil: HilRef, language: str = "en") -> Reply:
    """Approve or edit: the draft (or the edited text) goes out once; an offer moves the event to step 5."""
    state = turn.state
    if task.type == "offer_approval":
        sent = [offer for offer in state.offers if offer.offer_id == task.offer_id and offer.status == "Draft"]
        for offer in sent:
            offer.status = "Sent"
        reoffer.restart_hold_clock(turn)
        for offer in sent:
            offer_documents.record_sent(turn.uow, turn.venue, state, offer, turn.now)
        turn.move_to(5, f"offer {task.offer_id} approved by the manager")
        next_key = "answer_offer"
    else:
        next_key = "answer_offer"
    hil_guard.settle_thread_state(turn.uow, state)
    if state.thread_state == "Waiting on HIL" or state.current_step < 5:
        next_key = next_key_for(turn)
    draft = task.draft or {"agent": "offer_agent", "body_markdown": ""}
    if not task.draft and edited is None:
        return notice(state, turn.turn_id, "manager", texts.say("hil_closed", language), next_key, hil)
    reply = reply_from_draft(draft, state, turn.turn_id, next_key, hil, body=edited)
    return send_to_client(turn, reply, "edited" if edited is not None else "approved")


def _reject(turn: Turn, task: Any, note: str | None, hil: HilRef, language: str = "en") -> Reply:
    """Nothing is sent; an offer gets a new draft of the same version and a new task."""
    state = turn.state
    if task.type != "offer_approval":
        hil_guard.settle_thread_state(turn.uow, state)
        return notice(state, turn.turn_id, "manager", texts.say("hil_closed", language), next_key_for(turn), hil)
    offer = next(o for o in state.offers if o.offer_id == task.offer_id)
    draft = draft_reply(turn, offer)
    draft["manager_note"] = note
    draft["redraft_of"] = task.id
    created = turn.call("hil_create", HilCreateArgs(
        type="offer_approval", summary=f"Offer {offer.offer_id} v{offer.version} (redraft after rejection)",
        draft_json=json.dumps(draft), offer_id=offer.offer_id, offer_version=offer.version))
    state.thread_state = "Waiting on HIL"
    new_hil = HilRef(task_id=created.task_id, type="offer_approval", status=created.status)
    return notice(state, turn.turn_id, "manager", texts.say("hil_rejected", language, version=offer.version), "review",
                  new_hil)


def _figure(value: Decimal | None) -> str | None:
    """A discount figure as stored with the decision (exact text of the decimal)."""
    return None if value is None else str(value)
