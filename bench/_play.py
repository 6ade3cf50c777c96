"""Replaying golden conversations in-process, one new thread each, timing every Desk call (one turn)."""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select

from venuedesk.clock import FrozenClock, parse_clock
from venuedesk.domain import availability, windows
from venuedesk.golden.expect import check
from venuedesk.golden.runner import GOLDEN_PAYMENT_SECRET, THREAD_ID, payment_body
from venuedesk.golden.script import PaymentTurn, Script, ScriptTurn, load_script
from venuedesk.store.models import BookingRow, EventRow, SiteVisitRow
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import DeskError
from venuedesk.workflow.payments import sign
from venuedesk.workflow.reply import Reply

ISO_DATE = re.compile(r"\b(20\d\d-[01]\d-[0-3]\d)\b")


@dataclass(frozen=True)
class Conversation:
    """One golden script, by file name."""

    name: str
    script: Script


@dataclass
class Played:
    """What one replay produced: per-turn latencies (seconds), expectation failures, dates it touched."""

    thread_id: str
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    dates: set[str] = field(default_factory=set)


def load_conversations(folder: Path) -> list[Conversation]:
    """Every golden script in the folder, in file order, except those that run background jobs (`jobs: run`:
    a job pass is not a client turn, and its timing belongs to a jobs benchmark, not to turn latency) and
    those that change the venue's autonomy settings (venue-wide: they would change every other replay), and those
    that give rooms calendars (`calendar:`: they need the runner's in-memory calendars; bench-calendars measures
    calendar reads)."""
    scripts = [(path.stem, load_script(path)) for path in sorted(folder.glob("*.yaml"))]
    return [Conversation(name, script) for name, script in scripts
            if not script.autonomy and not script.calendar and not any(turn.jobs is not None for turn in script.turns)]


def play(desk: Desk, clock: FrozenClock, conversation: Conversation, *, verify: bool = True) -> Played:
    """Replay a conversation on a new thread with the clock frozen at the script's clock; undo its bookings."""
    script = conversation.script
    clock.set(parse_clock(script.clock))
    thread_id = desk.open_thread().thread_id
    given_ids = _place_given(desk, script, thread_id)
    played = Played(thread_id, dates={booking.date.isoformat() for booking in script.given})
    player = _Player(desk, thread_id)
    try:
        for index, turn in enumerate(script.turns, 1):
            if turn.at:
                clock.set(parse_clock(turn.at))
            _play_turn(player, index, turn, played, verify)
    finally:
        release_bookings(desk.engine, thread_id, given_ids)
    return played


def _play_turn(player: _Player, index: int, turn: ScriptTurn, played: Played, verify: bool) -> None:
    """Time one Desk call; then (untimed) check the turn's expectations and note the dates it mentions."""
    reply: Reply | None = None
    try:
        call = player.prepare(turn)
        started = time.perf_counter()
        try:
            reply = call()
        finally:
            played.latencies.append(time.perf_counter() - started)
    except (DeskError, ValueError) as exc:
        played.failures.append(f"turn {index}: error: {exc}")
    if not verify or reply is None:
        return
    event = player.desk.event_view(player.thread_id)
    hil_open = player.desk.hil_open(player.thread_id)
    played.failures.extend(f"turn {index}: {failure}" for failure in check(turn.expect, reply, event, hil_open))
    played.dates.update(ISO_DATE.findall(json.dumps([reply.model_dump(mode="json"), event], default=str)))


def _place_given(desk: Desk, script: Script, thread_id: str) -> list[str]:
    """The script's other events, placed straight into the bookings table under ids unique to this replay."""
    now = desk.clock.now()
    event_ids = []
    with UnitOfWork(desk._sessions, desk.clock) as uow:
        for index, booking in enumerate(script.given, 1):
            room = desk.venue.room(booking.room_id)
            window = windows.buffered_window(room, windows.parse_hhmm(booking.start), windows.parse_hhmm(booking.end))
            expires = availability.option_expiry(now, desk.venue.policies) if booking.status == "Option" else None
            event_ids.append(f"given-{thread_id}-{index}")
            uow.bookings.place_hold(
                event_id=event_ids[-1], room_id=room.id, day=booking.date, start_min=window.start_min,
                end_min=window.end_min, window_start=booking.start, window_end=booking.end, expires_at=expires,
                now=now, status=booking.status,
            )
        uow.commit()
    return event_ids


def release_bookings(engine: Engine, thread_id: str, extra_event_ids: list[str]) -> None:
    """Delete the bookings and site visits of the thread's event and of its given events, so every round
    starts alike."""
    with engine.begin() as connection:
        event_ids = list(connection.scalars(select(EventRow.id).where(EventRow.thread_id == thread_id)))
        event_ids += extra_event_ids
        if event_ids:
            connection.execute(delete(BookingRow).where(BookingRow.event_id.in_(event_ids)))
            connection.execute(delete(SiteVisitRow).where(SiteVisitRow.event_id.in_(event_ids)))


class _Player:
    """Sends script turns to the Desk like `golden.runner`, but on its own thread."""

    def __init__(self, desk: Desk, thread_id: str) -> None:
        self.desk = desk
        self.thread_id = thread_id
        self.sender: str | None = None
        self.last_decision: tuple[str, str, dict[str, Any]] | None = None

    def prepare(self, turn: ScriptTurn) -> Callable[[], Reply | None]:
        """The one Desk call of this turn (a manager turn looks its task up first, a payment is signed first:
        both untimed)."""
        desk, thread_id = self.desk, self.thread_id
        if turn.payment is not None:
            body, signature = self._signed_payment(turn.payment)
            return lambda: desk.payment_webhook(body, signature, GOLDEN_PAYMENT_SECRET).reply
        if turn.manager == "deposit_paid":
            amount = Decimal(str(turn.amount))
            return lambda: desk.mark_deposit_paid(thread_id, amount)
        if turn.client is not None:
            self.sender = sender = turn.sender or self.sender
            return lambda: desk.handle_message(thread_id, turn.client or "", sender=sender, idempotency_key=turn.id)
        if turn.action is not None:
            action, args = turn.action, _on_thread(turn.args, thread_id)
            return lambda: desk.handle_action(thread_id, action, args, idempotency_key=turn.id)
        task_id, decision, kwargs = self._decision(turn)
        return lambda: desk.decide(task_id, decision, **kwargs)

    def _decision(self, turn: ScriptTurn) -> tuple[str, str, dict[str, Any]]:
        assert turn.manager is not None
        if turn.again:
            if self.last_decision is None:
                raise ValueError("again: true needs an earlier manager turn")
            return self.last_decision
        tasks = self.desk.open_tasks(self.thread_id)
        if not tasks:
            raise ValueError("manager turn: the thread has no open task")
        kwargs: dict[str, Any] = {"note": turn.note} if turn.manager == "reject" else {"text": turn.text}
        if turn.discount_percent is not None or turn.discount_amount is not None:
            kwargs.update(discount_percent=turn.discount_percent, discount_amount=turn.discount_amount)
        self.last_decision = (tasks[0]["task_id"], turn.manager, kwargs)
        return self.last_decision

    def _signed_payment(self, payment: PaymentTurn) -> tuple[bytes, str]:
        """The webhook body the golden runner posts for a `payment:` turn, and its signature."""
        reference = f"{payment.reference}-{self.thread_id}"  # a bank reference is unique; each replay pays anew
        body = payment_body(self.desk, self.thread_id, payment, reference=reference)
        return body, sign(GOLDEN_PAYMENT_SECRET, body)


def _on_thread(args: dict[str, Any] | None, thread_id: str) -> dict[str, Any] | None:
    """A script's action arguments on this replay's thread: ids the scripts write for `thread-1` (an offer id
    such as `evt_thread-1-v1`) name this thread's objects instead."""
    if args is None:
        return None
    event_id = f"evt_{thread_id.removeprefix('thr_')}"
    return json.loads(json.dumps(args).replace(f"evt_{THREAD_ID}", event_id))
