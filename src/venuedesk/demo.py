"""`venuedesk demo`: a whole booking from the first message to Confirmed on the venue's database (so the manager
console shows it afterwards), with the date chosen relative to the venue clock."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TextIO

from sqlalchemy import Engine

from venuedesk.clock import Clock, FrozenClock
from venuedesk.domain import calendar
from venuedesk.render import render_reply
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Reply

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
    """Play a whole booking on `engine` (a migrated, seeded database): inquiry, offer approved by the manager,
    accepted, billing given, deposit marked paid, confirmation approved, .ics invite; 0 when it ends Confirmed."""
    frozen = FrozenClock(clock.now())
    desk = Desk(engine, frozen)
    thread = desk.open_thread(channel="demo").thread_id
    day = _demo_date(desk, frozen)
    steps: list[tuple[str, str]] = [
        ("client", f"Hi, we'd like a workshop for 30 people on {day.day} {day.strftime('%B %Y')}, 9 to 5. "
                   "Is there parking?"),
        ("client", "Room B please"),
        ("client", "Coffee and snacks, lunch and two wireless microphones please"),
        ("manager", "approve"),
        ("action", "accept_offer"),
        ("client", "Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"),
        ("deposit", "deposit paid"),
        ("manager", "approve"),
    ]
    for kind, text in steps:
        reply = _play_step(desk, thread, kind, text, out)
        if reply is not None:
            out.write(render_reply(reply) + "\n")
    event = desk.event_view(thread) or {}
    offer = event.get("offer") or {}
    confirmed = event.get("status") == "Confirmed"
    if confirmed:
        invite = desk.calendar_ics(thread).decode("utf-8")
        out.write("\n>>> the .ics invite (GET /api/threads/{id}/calendar.ics):\n" + invite.strip() + "\n")
    out.write(f"\nDemo {'ended with a Confirmed booking' if confirmed else 'did NOT reach a Confirmed booking'} "
              f"(thread {thread}): CHF {offer.get('total')}, status {event.get('status')}\n")
    return 0 if confirmed else 1


def _play_step(desk: Desk, thread: str, kind: str, text: str, out: TextIO) -> Reply | None:
    """One demo step: a client message or action, a manager decision on the oldest open task, or the deposit."""
    if kind == "client":
        out.write(f"\n>>> client: {text}\n")
        return desk.handle_message(thread, text, sender="anna@example.com")
    event = desk.event_view(thread) or {}
    if kind == "action":
        offer_id = (event.get("offer") or {}).get("offer_id")
        out.write(f"\n>>> client clicks: {text} ({offer_id})\n")
        return desk.handle_action(thread, text, {"offer_id": offer_id})
    if kind == "deposit":
        deposit = event.get("deposit") or {}
        if not deposit.get("required") or deposit.get("paid_at"):
            return None
        amount = Decimal(str(deposit["amount"]))
        out.write(f"\n>>> manager: deposit of CHF {amount} received\n")
        return desk.mark_deposit_paid(thread, amount)
    tasks = desk.open_tasks(thread)
    if not tasks:
        out.write("\n>>> manager: no open task\n")
        return None
    out.write(f"\n>>> manager: {text} {tasks[0]['type']}\n")
    return desk.decide(tasks[0]["task_id"], text)
