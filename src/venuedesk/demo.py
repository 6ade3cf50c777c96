"""`venuedesk demo`: a full inquiry → approved offer conversation, with dates relative to the venue clock."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from venuedesk.clock import Clock, FrozenClock
from venuedesk.domain import calendar
from venuedesk.render import render_reply
from venuedesk.store.db import ensure_ready
from venuedesk.workflow.desk import Desk


def _demo_date(desk: Desk, clock: Clock):  # noqa: ANN202 - a date
    """The first open Tuesday at least five weeks ahead, so the demo works on any day."""
    day = clock.now().date() + timedelta(days=35)
    while day.weekday() != 1 or calendar.closed_reason(day, desk.venue.policies) is not None:
        day += timedelta(days=1)
    return day


def play_demo(clock: Clock, out: TextIO) -> int:
    """Play the demo on a throwaway SQLite database; 0 when it ends with an approved offer."""
    frozen = FrozenClock(clock.now())
    with tempfile.TemporaryDirectory(prefix="venuedesk-demo-") as folder:
        engine = ensure_ready(f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        desk = Desk(engine, frozen, id_seed=1)
        thread = desk.open_thread(channel="demo").thread_id
        day = _demo_date(desk, frozen)
        steps = [
            ("client", f"Hi, we'd like a workshop for 30 people on {day.day} {day.strftime('%B %Y')}, 9 to 5. "
                       "Is there parking?"),
            ("client", "Room B please"),
            ("client", "Coffee and snacks, lunch and two wireless microphones please"),
            ("manager", "approve"),
        ]
        reply = None
        for kind, text in steps:
            out.write(f"\n>>> {kind}: {text}\n")
            if kind == "client":
                reply = desk.handle_message(thread, text, sender="anna@example.com")
            else:
                task = desk.open_tasks(thread)[0]["task_id"]
                reply = desk.decide(task, text)
            out.write(render_reply(reply) + "\n")
        event = desk.event_view(thread) or {}
        engine.dispose()
    offer = event.get("offer") or {}
    approved = offer.get("status") == "Sent" and event.get("current_step") == 5
    out.write(f"\nDemo {'ended with an approved offer' if approved else 'did NOT reach an approved offer'}: "
              f"CHF {offer.get('total')}\n")
    return 0 if approved else 1
