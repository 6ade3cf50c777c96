"""`venuedesk run-script`: play a golden transcript against a fresh database and check every expectation."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo
from decimal import Decimal
from pathlib import Path
from typing import Any

from venuedesk.clock import FrozenClock, parse_clock
from venuedesk.domain import availability, windows
from venuedesk.golden.database import fresh_database
from venuedesk.golden.expect import check
from venuedesk.calendars.memory import MemoryCalendars
from venuedesk.domain.busy import BusyBlock
from venuedesk.domain.catalogue import CalendarSource
from venuedesk.golden.script import CalendarLine, GivenBooking, PaymentTurn, ScriptTurn, load_script
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.delivery import InAppDelivery
from venuedesk.jobs.scheduler import run_due
from venuedesk.providers.settings import ProviderSettings
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import DeskError
from venuedesk.workflow.payments import sign
from venuedesk.workflow.reply import Reply

THREAD_ID = "thread-1"
GOLDEN_PAYMENT_SECRET = "golden-payment-secret"  # the runner signs `payment:` bodies with it, as a provider would


@dataclass
class TurnResult:
    index: int
    label: str
    reply: Reply | None
    event: dict[str, Any] | None
    hil_open: int
    failures: list[str] = field(default_factory=list)
    model_calls: int = 0
    tokens: int = 0

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any]
        if self.reply is not None:
            data = self.reply.model_dump(mode="json")
        elif self.label.startswith(("jobs:", "payment:")) and not self.failures:
            data = {"sent": None}  # the jobs (or the payment) sent nothing to the thread
        else:
            data = {"error": self.failures}
        data.update({"turn": self.index, "event": self.event, "hil_open": self.hil_open,
                     "model_calls": self.model_calls, "tokens": self.tokens})
        if self.failures:
            data["failures"] = self.failures
        return data


@dataclass
class ScriptRun:
    path: Path
    turns: list[TurnResult]

    @property
    def ok(self) -> bool:
        return all(not turn.failures for turn in self.turns)


def run_script(
    path: Path, *, database_url: str | None = None, on_turn: Callable[[TurnResult], None] | None = None,
    desk_factory: Callable[..., Desk] = Desk, provider_settings: ProviderSettings | None = None,
) -> ScriptRun:
    """Play every turn of the script in order; keep going after a failed expectation so all are reported."""
    script = load_script(path)
    clock = FrozenClock(parse_clock(script.clock))
    results: list[TurnResult] = []
    with fresh_database(database_url) as engine:
        desk = desk_factory(engine, clock, id_seed=0, provider_settings=provider_settings)
        if script.calendar:
            with_calendars(desk, script.calendar_lines())
        _place_given(desk, script.given, clock.now())
        if script.autonomy:
            desk.set_autonomy(script.autonomy, manager_id="script")
        desk.open_thread(thread_id=THREAD_ID)
        player = _Player(desk, clock)
        try:
            for index, turn in enumerate(script.turns, 1):
                result = player.play(index, turn)
                results.append(result)
                if on_turn:
                    on_turn(result)
        finally:
            desk.close()
    return ScriptRun(path, results)


def with_calendars(desk: Desk, lines: list[CalendarLine]) -> MemoryCalendars:
    """Give each room a `calendar:` line names a calendar source `{room}-calendar` and the desk an in-memory reader
    holding the lines' busy time and down sources (the demo venue has no calendars of its own)."""
    calendars = MemoryCalendars()
    zone = calendars.zone
    named = {line.room_id for line in lines}
    for line in lines:
        source = f"{line.room_id}-calendar"
        if line.down:
            calendars.down.add(source)
        elif line.date is not None:
            calendars.add(_block(source, line, zone, len(calendars.blocks.get(source, [])) + 1))
    rooms = tuple(replace(room, calendars=(*room.calendars, CalendarSource(id=f"{room.id}-calendar", kind="ics",
                                                                           url=f"memory://{room.id}")))
                  if room.id in named else room for room in desk.venue.rooms)
    unknown = named - {room.id for room in rooms}
    if unknown:
        raise ValueError(f"calendar: unknown room(s) {', '.join(sorted(unknown))}; use a room of the catalogue")
    desk.venue = replace(desk.venue, rooms=rooms, _rooms_by_id={}, _products_by_id={})
    desk.calendars = calendars
    return calendars


def _block(source: str, line: CalendarLine, zone: ZoneInfo, number: int) -> BusyBlock:
    """The busy block of one `busy` line: whole days for all-day, else the window (an end before the start is the
    next morning)."""
    assert line.date is not None
    uid = f"golden-{number}"
    if line.all_day:
        start = datetime.combine(line.date, time(0), zone)
        return BusyBlock(source, uid, start, datetime.combine(line.date + timedelta(days=1), time(0), zone),
                         all_day=True)
    assert line.start and line.end
    begin, finish = time.fromisoformat(line.start), time.fromisoformat(line.end)
    end_day = line.date + timedelta(days=1) if finish <= begin else line.date
    return BusyBlock(source, uid, datetime.combine(line.date, begin, zone), datetime.combine(end_day, finish, zone))


def _place_given(desk: Desk, given: list[GivenBooking], now: datetime) -> None:
    """Other events already in the calendar, placed straight into the bookings table."""
    with UnitOfWork(desk._sessions, desk.clock) as uow:
        for index, booking in enumerate(given, 1):
            room = desk.venue.room(booking.room_id)
            start, end = windows.parse_hhmm(booking.start), windows.parse_end(booking.end)
            window = windows.buffered_window(room, start, end)
            placed_at = booking.placed_at or now
            expires = availability.option_expiry(placed_at, desk.venue.policies) if booking.status == "Option" else None
            row = uow.bookings.place_hold(
                event_id=f"given-{index}", room_id=room.id, day=booking.date, start_min=window.start_min,
                end_min=window.end_min,
                window_start=booking.start, window_end=booking.end, expires_at=expires, now=now,
                status=booking.status,
            )
            row.placed_at = placed_at
        uow.commit()


def payment_body(desk: Desk, thread_id: str, payment: PaymentTurn, *, reference: str | None = None) -> bytes:
    """The webhook body a payment provider would post for a `payment:` turn (the thread's live offer by default)."""
    event = desk.event_view(thread_id) or {}
    offer_id = payment.offer_id or (event.get("offer") or {}).get("offer_id") or ""
    return json.dumps({"offer_id": offer_id, "amount": payment.amount, "reference": reference or payment.reference,
                       "currency": payment.currency or desk.venue.policies.currency}).encode()


class _Player:
    def __init__(self, desk: Desk, clock: FrozenClock) -> None:
        self.desk = desk
        self.clock = clock
        self.sender: str | None = None
        self.usage = {"model_calls": 0, "tokens": 0}
        self.last_decision: tuple[str, str, dict[str, Any]] | None = None
        self.jobs = JobDeps(sessions=desk._sessions, venue=desk.venue, delivery=InAppDelivery(),
                            calendars=desk.calendars)

    def play(self, index: int, turn: ScriptTurn) -> TurnResult:
        if turn.at:
            self.clock.set(parse_clock(turn.at))
        reply: Reply | None = None
        failures: list[str] = []
        mark = self._message_count()
        try:
            reply = self._send(turn)
        except (DeskError, ValueError) as exc:
            failures.append(f"error: {exc}")
        event = self.desk.event_view(THREAD_ID)
        hil_open = self.desk.hil_open(THREAD_ID)
        usage = self.desk.usage(THREAD_ID)
        if reply is not None or (turn.jobs is not None or turn.payment is not None) and not failures:
            failures.extend(check(turn.expect, reply, event, hil_open, sent=self._sent_since(mark),
                                  tasks=self._task_summaries() if "task_contains" in turn.expect else None))
        calls, tokens = usage["model_calls"] - self.usage["model_calls"], usage["tokens"] - self.usage["tokens"]
        self.usage = usage
        return TurnResult(index, turn.label, reply, event, hil_open, failures, calls, tokens)

    def _send(self, turn: ScriptTurn) -> Reply | None:
        if turn.jobs is not None:
            return self._run_jobs()
        if turn.payment is not None:
            return self._post_payment(turn.payment)
        if turn.client is not None:
            self.sender = turn.sender or self.sender
            return self.desk.handle_message(THREAD_ID, turn.client, sender=self.sender, idempotency_key=turn.id)
        if turn.action is not None:
            return self.desk.handle_action(THREAD_ID, turn.action, turn.args, idempotency_key=turn.id)
        assert turn.manager is not None
        if turn.manager == "deposit_paid":
            assert turn.amount is not None
            return self.desk.mark_deposit_paid(THREAD_ID, Decimal(str(turn.amount)))
        if turn.again:
            if self.last_decision is None:
                raise ValueError("again: true needs an earlier manager turn")
            task_id, decision, kwargs = self.last_decision
            return self.desk.decide(task_id, decision, **kwargs)
        tasks = self.desk.open_tasks(THREAD_ID)
        if not tasks:
            raise ValueError("manager turn: the thread has no open task")
        given: dict[str, Any] = {"note": turn.note} if turn.manager == "reject" else {"text": turn.text}
        if turn.discount_percent is not None or turn.discount_amount is not None:
            given.update(discount_percent=turn.discount_percent, discount_amount=turn.discount_amount)
        self.last_decision = (tasks[0]["task_id"], turn.manager, given)
        return self.desk.decide(tasks[0]["task_id"], turn.manager, **given)

    def _post_payment(self, payment: PaymentTurn) -> Reply | None:
        """Post a correctly signed webhook body through the API's code path; the reply the client got, if any."""
        body = payment_body(self.desk, THREAD_ID, payment)
        result = self.desk.payment_webhook(body, sign(GOLDEN_PAYMENT_SECRET, body), GOLDEN_PAYMENT_SECRET)
        return result.reply

    def _task_summaries(self) -> list[str]:
        """The summaries of the thread's open manager tasks (what `task_contains` reads)."""
        return [str(task.get("summary") or "") for task in self.desk.open_tasks(THREAD_ID)]

    def _message_count(self) -> int:
        with self.desk.uow() as uow:
            return uow.messages.count(THREAD_ID)

    def _sent_since(self, mark: int) -> list[str]:
        """The client text of every message the desk sent to the thread since `mark` (a reply, a manager's
        decision, a job's notice): what `sent_contains` reads."""
        with self.desk.uow() as uow:
            rows = uow.messages.history(THREAD_ID)[mark:]
        return [Reply.model_validate(row.reply).client_text() for row in rows if row.role == "desk" and row.reply]

    def _run_jobs(self) -> Reply | None:
        """Run every job due at the script's clock; the last reply they sent to the thread, or None."""
        sent = [reply for report in run_due(self.jobs, self.clock) for reply in report.sent
                if reply.get("thread_id") == THREAD_ID]
        return Reply.model_validate(sent[-1]) if sent else None


