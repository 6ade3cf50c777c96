"""The manager amends a Confirmed booking (docs/amendments.md): head count, window, date, room, product lines, notes
for the staff.

The rules are `domain/amendment.py`'s (pure): this module runs them under the thread's lock, moves the confirmed
booking when its slot changes (`booking_move`, the same conflict rules as a hold), records the amended terms as a
new Accepted offer version, tells the client (their language, through the outbox) what changed, the new total and
any deposit due now, attributes it all to the account in the audit, closes the `manual_review` task it resolves and
stores the answer under the manager's Idempotency-Key, all in one transaction. The function sheet's next version
follows from the save (`record_sheet`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from venuedesk.domain.amendment import (
    Amendment,
    AmendmentRefused,
    AmendmentRequest,
    Change,
    amend_booking,
)
from venuedesk.domain.event import EventState, Offer
from venuedesk.domain.pricing import to_offer
from venuedesk.store.models import HilTaskRow
from venuedesk.store.uow import UnitOfWork
from venuedesk.tools.booking_models import BookingMoveArgs
from venuedesk.understanding.model import Understanding
from venuedesk.workflow import hil_guard, tables, texts
from venuedesk.workflow.errors import InputError, StateConflict, UnknownEvent
from venuedesk.workflow.finish import reply_from_turn
from venuedesk.workflow.function_sheets import record_sheet
from venuedesk.workflow.keys import check_key, lock_key, reused_key, same_request
from venuedesk.workflow.manager import DecisionDeps
from venuedesk.workflow.reply import Reply
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.turn import Turn

RESOLVABLE_TASKS = frozenset({"manual_review"})


class AmendmentChange(BaseModel):
    """One changed fact as the API shows it: `field`, the product id for a product line, old and new value."""

    field: str
    ref: str | None = None
    old: str
    new: str


class AmendmentDeposit(BaseModel):
    """The deposit after the amendment: paid, asked by the new total, due now (and by when), paid in excess."""

    paid: Decimal
    asked: Decimal
    due_now: Decimal
    due: date | None = None
    excess: Decimal

    @field_serializer("paid", "asked", "due_now", "excess")
    def _money(self, value: Decimal) -> float:
        return float(value)


class AmendmentOut(BaseModel):
    """What one amendment did; the same answer again for a retry under the same Idempotency-Key."""

    model_config = ConfigDict(extra="forbid")

    event_id: str
    thread_id: str
    offer_id: str | None = Field(description="the new Accepted offer version; null when only the notes changed")
    version: int | None = None
    previous_total: Decimal
    total: Decimal
    vat: Decimal
    deposit: AmendmentDeposit
    changes: list[AmendmentChange]
    function_sheet_version: int | None = Field(description="the function sheet version this amendment made")
    resolved_task: str | None = None
    reply: Reply | None = Field(description="the message sent to the client; null when only the notes changed")

    @field_serializer("previous_total", "total", "vat")
    def _money(self, value: Decimal) -> float:
        return float(value)


def amend(deps: DecisionDeps, event_id: str, request: AmendmentRequest, *, manager_id: str,
          idempotency_key: str | None, resolves_task: str | None = None) -> AmendmentOut:
    """Amend the confirmed booking `event_id` once per Idempotency-Key (a retry returns the first answer; the key
    reused for another request is 422); refusals name the field (422) or the state or conflict (409)."""
    check_key(idempotency_key)
    inbox_key = f"manager:{idempotency_key}" if idempotency_key else None
    with deps.uow() as uow:
        if inbox_key:
            lock_key(uow, inbox_key)
        found = uow.events.get(event_id)
        if found is None or not uow.lock_thread(found.thread_id):
            raise UnknownEvent(f"event {event_id!r} does not exist")
        state = uow.events.get(event_id)
        assert state is not None
        payload = _payload(event_id, request, resolves_task)
        if inbox_key:
            stored = uow.inbox.get(state.thread_id, inbox_key)
            first_use = stored or uow.inbox.find_key(inbox_key, kind="hil")
            if first_use is not None and (first_use is not stored or not same_request(first_use.payload, payload)):
                raise reused_key(idempotency_key or "")
            if stored is not None and stored.reply is not None:
                return AmendmentOut.model_validate(stored.reply)
        task = _task_to_resolve(uow, state, resolves_task)
        now = deps.clock.now()
        try:
            amendment = amend_booking(state, request, deps.venue, now.date())
        except AmendmentRefused as refused:
            error = StateConflict if refused.status == 409 else InputError
            raise error(str(refused), code=refused.code, field=refused.field) from refused
        turn = Turn(uow=uow, venue=deps.venue, now=now, state=state, facts=Understanding(language=state.language),
                    executor=deps.executor, turn_id=f"turn-{state.revision + 1}", actor=manager_id,
                    calendars=deps.calendars)
        out = _apply(turn, amendment, task)
        if inbox_key:
            uow.inbox.put(state.thread_id, inbox_key, "hil", payload, now, out.model_dump(mode="json"))
        uow.commit()
        return out


def _payload(event_id: str, request: AmendmentRequest, resolves_task: str | None) -> dict[str, Any]:
    """The request as stored with its key (compared on a retry)."""
    return {"amend": event_id, "participants": request.participants, "start_time": request.start_time,
            "end_time": request.end_time, "date": request.day.isoformat() if request.day else None,
            "room_id": request.room_id, "notes": request.notes, "resolves_task": resolves_task,
            "products": [[change.product_id, change.quantity] for change in request.products]}


def _task_to_resolve(uow: UnitOfWork, state: EventState, task_id: str | None) -> HilTaskRow | None:
    """The open `manual_review` task of this thread the amendment closes; 422 naming `resolves_task` otherwise."""
    if task_id is None:
        return None
    task = uow.hil.get(task_id)
    if task is None or task.thread_id != state.thread_id or task.type not in RESOLVABLE_TASKS:
        raise InputError(f"resolves_task: {task_id!r} is not a manual_review task of this booking's thread "
                         f"{state.thread_id}", code="unknown_task", field="resolves_task")
    if not uow.hil.is_open(task):
        raise StateConflict(f"resolves_task: task {task_id} is already {task.status}; amend without it",
                            code="task_closed", field="resolves_task")
    return task


def _apply(turn: Turn, amendment: Amendment, task: HilTaskRow | None) -> AmendmentOut:
    """Move the booking if its slot changed, take the amended facts, record the new version, tell the client."""
    state, amended = turn.state, amendment.state
    if amendment.moves_booking:
        _move(turn, amended)
    state.requirements, state.requirements_hash = amended.requirements, amended.requirements_hash
    state.chosen_date, state.locked_room_id, state.room_eval_hash = (amended.chosen_date, amended.locked_room_id,
                                                                     amended.room_eval_hash)
    state.products, state.staff_notes = amended.products, amended.staff_notes
    state.held_slot = (f"{amended.locked_room_id}|{amended.chosen_date}|{amended.requirements.start_time}|"
                       f"{amended.requirements.end_time}")
    offer = _new_version(turn, amendment) if amendment.terms_changed else None
    _record(turn, amendment, offer, task)
    if task is not None:
        turn.uow.hil.decide(task.id, "approved", {"resolved_by": "amendment",
                                                   "offer_id": offer.offer_id if offer else None},
                            turn.actor, turn.now)
        hil_guard.settle_thread_state(turn.uow, state)
    reply = _tell_client(turn, amendment, offer) if offer is not None else None
    state.revision += 1
    turn.uow.events.save(state, turn.now)
    sheet = record_sheet(turn.uow, turn.venue, state, turn.now)
    turn.uow.messages.append(state.thread_id, "manager", f"booking amended by {turn.actor}: "
                             + "; ".join(_change_text(change, turn, "en") for change in amendment.changes),
                             turn.turn_id, turn.now)
    return AmendmentOut(
        event_id=state.event_id, thread_id=state.thread_id, offer_id=offer.offer_id if offer else None,
        version=offer.version if offer else None, previous_total=amendment.previous_total,
        total=amendment.priced.total, vat=amendment.priced.vat,
        deposit=AmendmentDeposit(paid=amendment.deposit.paid, asked=amendment.deposit.asked,
                                 due_now=amendment.deposit.due_now, due=amendment.deposit.due,
                                 excess=amendment.deposit.excess),
        changes=[AmendmentChange(field=c.field, ref=c.ref, old=c.old, new=c.new) for c in amendment.changes],
        function_sheet_version=sheet, resolved_task=task.id if task else None, reply=reply)


def _move(turn: Turn, amended: EventState) -> None:
    """The confirmed booking on its new slot (the old one freed in the same transaction); 409 naming what is in
    the way, and nothing changes."""
    requirements = amended.requirements
    assert amended.chosen_date and amended.locked_room_id and requirements.start_time and requirements.end_time
    result = turn.call("booking_move", BookingMoveArgs(room_id=amended.locked_room_id, date=amended.chosen_date,
                                                       start_time=requirements.start_time,
                                                       end_time=requirements.end_time))
    if result.status != "moved":
        raise StateConflict(f"{amended.locked_room_id} on {amended.chosen_date.isoformat()} "
                            f"{requirements.start_time}–{requirements.end_time} cannot be booked: {result.reason}; "
                            "the booking stays as it was", code="room_unavailable", field="room_id")


def _new_version(turn: Turn, amendment: Amendment) -> Offer:
    """The amended terms as the next offer version, Accepted (the booking stands on it); the version it replaces
    becomes Superseded. Deposit terms follow it unless a deposit was paid (that stays paid, docs/design.md §4.13)."""
    state = turn.state
    version = len(state.offers) + 1
    offer = to_offer(amendment.priced, offer_id=f"{state.event_id}-v{version}", version=version, status="Accepted",
                     created_at=turn.now)
    offer.accepted_at = turn.now
    for earlier in state.offers:
        if earlier.status in ("Accepted", "Sent", "Draft"):
            earlier.status = "Superseded"
    state.offers.append(offer)
    if state.deposit.paid_at is None:
        priced = amendment.priced
        state.deposit.required = priced.deposit_required
        state.deposit.amount = priced.deposit_amount if priced.deposit_required else None
        state.deposit.due = priced.deposit_due if priced.deposit_required else None
    return offer


def _record(turn: Turn, amendment: Amendment, offer: Offer | None, task: HilTaskRow | None) -> None:
    """One audit entry by the account: what changed, the totals, the deposit difference, the version, the task."""
    deposit = amendment.deposit
    detail: dict[str, Any] = {
        "amendment": [{"field": c.field, "ref": c.ref, "old": c.old, "new": c.new} for c in amendment.changes],
        "offer_id": offer.offer_id if offer else None, "previous_total": str(amendment.previous_total),
        "total": str(amendment.priced.total), "deposit_due_now": str(deposit.due_now),
        "deposit_excess": str(deposit.excess), "resolved_task": task.id if task else None}
    summary = "; ".join(_change_text(change, turn, "en") for change in amendment.changes)
    reason = f"booking amended: {summary}; total {texts.price(amendment.previous_total)} → " \
             f"{texts.price(amendment.priced.total)}"
    if offer is not None:
        reason += f" (offer v{offer.version})"
    if deposit.due_now > 0:
        reason += f"; deposit {texts.price(deposit.due_now)} still to collect"
    if deposit.excess > 0:
        reason += f"; deposit {texts.price(deposit.excess)} paid in excess, to refund or credit"
    turn.state.record("manager_decision", at=turn.now, actor=turn.actor, reason=reason, detail=detail)


def _tell_client(turn: Turn, amendment: Amendment, offer: Offer) -> Reply:
    """The client's message in their language: what changed, the new total and any deposit due now, with the
    amended price table; sent through the outbox on the thread's channel."""
    language = turn.language
    shown = [change for change in amendment.changes if change.field != "notes"]
    assert turn.state.chosen_date is not None
    turn.say("amendment.intro", venue=turn.venue.name, date=texts.long_date(turn.state.chosen_date, language))
    turn.body.append("\n".join(f"- {_change_text(change, turn, language)}" for change in shown))
    turn.say("amendment.total", total=texts.price(offer.total, language),
             previous=texts.price(amendment.previous_total, language), vat=texts.price(offer.vat, language))
    deposit = amendment.deposit
    if deposit.due_now > 0 and deposit.due is not None:
        due = texts.long_date(deposit.due, language)
        if deposit.paid > 0:
            turn.say("amendment.deposit_top_up", asked=texts.price(deposit.asked, language),
                     paid=texts.price(deposit.paid, language), due_now=texts.price(deposit.due_now, language), due=due)
        else:
            turn.say("amendment.deposit_new", due_now=texts.price(deposit.due_now, language), due=due)
    turn.say("amendment.closing", version=offer.version)
    turn.tables.append(tables.offer_table(offer, language))
    turn.agent, turn.next_key = "manager", "booking_confirmed"
    return send_to_client(turn, reply_from_turn(turn), "approved")


def _change_text(change: Change, turn: Turn, language: str) -> str:
    """One changed fact in `language`: "Guests: 30 → 35", "Projector & screen: added (1)"."""
    venue = turn.venue
    if change.field == "product":
        assert change.ref is not None
        name = venue.product(change.ref).name(language) if venue.has_product(change.ref) else change.ref
        key = "added" if not change.old else "removed" if not change.new else "changed"
        return texts.say(f"amendment.change.product_{key}", language, product=name, old=change.old, new=change.new)
    old, new = change.old, change.new
    if change.field == "room":
        old, new = (venue.room(value).label(language) if venue.has_room(value) else value for value in (old, new))
    if change.field == "date":
        old, new = (texts.long_date(date.fromisoformat(value), language) for value in (old, new))
    if change.field == "notes":
        return texts.say("amendment.change.notes", language)
    return texts.say(f"amendment.change.{change.field}", language, old=old or "—", new=new or "—")
