"""`venuedesk demo`: a full inquiry → approved offer conversation on the venue's database (so the manager
console shows it afterwards), with the date chosen relative to the venue clock."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TextIO

from sqlalchemy import Engine

from venuedesk.clock import Clock, FrozenClock
from venuedesk.domain import calendar
from venuedesk.render import render_reply
from venuedesk.workflow.desk import Desk

DEMO_ROOM = "room-b"
LEAD_DAYS = 35
SEARCH_WEEKS = 52


def _demo_date(desk: Desk, clock: Clock) -> date:
    """The first open Tuesday at least five weeks ahead on which the demo room is free, so the demo works on
    any day and again on a database where an earlier demo already holds the room."""
    day = clock.now().date() + timedelta(days=LEAD_DAYS)
    while day.weekday() != 1:
        day += timedelta(days=1)
    first = day
    with desk.uow() as uow:
        for _ in range(SEARCH_WEEKS):
            if calendar.closed_reason(day, desk.venue.policies) is None and not uow.bookings.for_room_date(
                    DEMO_ROOM, day):
                return day
            day += timedelta(days=7)
    return first


def play_demo(engine: Engine, clock: Clock, out: TextIO) -> int:
    """Play the demo on `engine` (a migrated, seeded database); 0 when it ends with an approved offer."""
    frozen = FrozenClock(clock.now())
    desk = Desk(engine, frozen)
    thread = desk.open_thread(channel="demo").thread_id
    day = _demo_date(desk, frozen)
    steps = [
        ("client", f"Hi, we'd like a workshop for 30 people on {day.day} {day.strftime('%B %Y')}, 9 to 5. "
                   "Is there parking?"),
        ("client", "Room B please"),
        ("client", "Coffee and snacks, lunch and two wireless microphones please"),
        ("manager", "approve"),
    ]
    for kind, text in steps:
        out.write(f"\n>>> {kind}: {text}\n")
        if kind == "client":
            reply = desk.handle_message(thread, text, sender="anna@example.com")
        else:
            task = desk.open_tasks(thread)[0]["task_id"]
            reply = desk.decide(task, text)
        out.write(render_reply(reply) + "\n")
    event = desk.event_view(thread) or {}
    offer = event.get("offer") or {}
    approved = offer.get("status") == "Sent" and event.get("current_step") == 5
    out.write(f"\nDemo {'ended with an approved offer' if approved else 'did NOT reach an approved offer'} "
              f"(thread {thread}): CHF {offer.get('total')}\n")
    return 0 if approved else 1
