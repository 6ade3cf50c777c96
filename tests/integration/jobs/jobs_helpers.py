"""Builders and probes for the job tests: threads waiting on the manager, outbox rows, concurrent runs."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from venuedesk.clock import VENUE_TZ
from venuedesk.jobs.delivery import Delivery
from venuedesk.store.models import HilTaskRow, MessageRow, OutboxRow
from venuedesk.workflow.desk import Desk
from concurrency import at_once  # noqa: F401 - the tests import it from here

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
BOOKING = "Please book Room B for a workshop with 30 people on {day} March 2026, 09:00-17:00, no catering."
BUCHUNG = "Bitte buchen Sie Raum B für einen Workshop mit 30 Personen am {day}. März 2026, 09:00-17:00, ohne Verpflegung."
REMINDER_EN = "We have not forgotten you"
REMINDER_DE = "Wir haben Sie nicht vergessen"


def waiting_on_manager(desk: Desk, day: int = 10, text: str = BOOKING) -> str:
    """A new thread whose offer (Room B on `day` March 2026) waits for the manager's approval; its id."""
    thread_id = desk.open_thread().thread_id
    reply = desk.handle_message(thread_id, text.format(day=day), sender="anna@example.com")
    assert reply.footer.state == "Waiting on HIL", reply.body_markdown
    return thread_id


def desk_messages(engine: Engine, thread_id: str) -> list[str]:
    """The desk's message texts on a thread, in order."""
    with engine.connect() as connection:
        rows = connection.execute(select(MessageRow.text).where(MessageRow.thread_id == thread_id,
                                                                MessageRow.role == "desk").order_by(MessageRow.seq))
        return [row.text for row in rows]


def reminders(engine: Engine, thread_id: str, phrase: str = REMINDER_EN) -> int:
    """How many reminder messages the thread holds."""
    return sum(phrase in text for text in desk_messages(engine, thread_id))


def reminded_at(engine: Engine, thread_id: str) -> list[datetime | None]:
    with engine.connect() as connection:
        rows = connection.execute(select(HilTaskRow.reminded_at).where(HilTaskRow.thread_id == thread_id))
        return [row.reminded_at for row in rows]


def outbox(engine: Engine) -> list[Any]:
    """Every outbox row as a result row (id, status, attempts, next_attempt_at, last_error…), oldest first."""
    with engine.connect() as connection:
        return list(connection.execute(select(OutboxRow.__table__).order_by(OutboxRow.id)))


class RecordingPort:
    """A transport that records every delivery (and can be slowed down to widen race windows)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delivered: Counter[str] = Counter()
        self.delay = delay
        self._lock = threading.Lock()

    def deliver(self, delivery: Delivery) -> None:
        if self.delay:
            threading.Event().wait(self.delay)
        with self._lock:
            self.delivered[delivery.key] += 1


class FailingPort:
    """A transport whose first `failures` attempts fail, then delivers."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.attempts: list[int] = []

    def deliver(self, delivery: Delivery) -> None:
        self.attempts.append(delivery.attempt)
        if len(self.attempts) <= self.failures:
            raise ConnectionError(f"the mail relay refused attempt {delivery.attempt}")
