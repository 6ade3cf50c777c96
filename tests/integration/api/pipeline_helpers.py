"""A seeded pipeline (docs/pipeline.md): five real threads driven through the API and the jobs by the clock.

| thread | came in | what happens | ends |
|---|---|---|---|
| lapsed | 2 Feb | Room B on 24 March offered (the manager approves after 2 h), the option lapses after 7 days, Room B held again and offered again | Option, CHF 750.00 |
| confirmed | 9 Feb | Room B on 10 March with lunch, accepted, deposit paid, confirmation approved | Confirmed, CHF 1'590.00 |
| option | 9 Feb | Room A on 14 April, offer sent | Option, CHF 500.00 |
| declined | 9 Feb | Room B on 17 March, offer sent, the client declines | Lost (declined) |
| marked | 2 March | the desk's answer held 30 min for review, then the manager marks it lost: price | Lost (marked_lost) |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import MANAGER, SENDER, ok, open_thread
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.jobs.base import deps_for_engine
from venuedesk.jobs.scheduler import run_due
from venuedesk.workflow.desk import Desk

BILLING = "Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"


@dataclass(frozen=True)
class Scenario:
    lapsed: str
    confirmed: str
    option: str
    declined: str
    marked: str


def say(client: TestClient, thread_id: str, headers: dict[str, str], text: str) -> dict:
    return ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": text, "from": SENDER}, headers=headers))


def open_task(client: TestClient, thread_id: str) -> dict:
    tasks = ok(client.get("/api/hil/tasks", params={"status": "open"}, headers=MANAGER))
    return next(task for task in tasks if task["thread_id"] == thread_id)


def approve(client: TestClient, thread_id: str) -> dict:
    task = open_task(client, thread_id)
    return ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))


def offered(client: TestClient, inquiry: str, room: str) -> tuple[str, dict[str, str]]:
    """A thread whose offer waits for the manager's approval."""
    thread_id, headers = open_thread(client)
    say(client, thread_id, headers, inquiry)
    reply = say(client, thread_id, headers, room)
    assert reply["footer"]["state"] == "Waiting on HIL", reply
    return thread_id, headers


def build(client: TestClient, desk: Desk, clock: FrozenClock, engine: Engine) -> Scenario:
    """Play the five threads of the module's table; returns their ids."""
    clock.set(datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ))
    lapsed, lapsed_headers = offered(client, "Hi, a workshop for 30 people on 24 March 2026, 9 to 5.",
                                     "Room B please, no catering")
    clock.advance(timedelta(hours=2))
    approve(client, lapsed)
    clock.advance(timedelta(days=7))
    run_due(deps_for_engine(engine), clock)
    assert desk.event_view(lapsed)["status"] == "Lead"
    reply = say(client, lapsed, lapsed_headers, "Room B please")
    assert reply["footer"]["state"] == "Waiting on HIL", reply
    approve(client, lapsed)

    confirmed, confirmed_headers = offered(
        client, f"Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5. {BILLING}", "Room B please, with lunch")
    approve(client, confirmed)
    say(client, confirmed, confirmed_headers, "We accept the offer")
    ok(client.post(f"/api/threads/{confirmed}/deposit-paid", json={"amount": 477.0}, headers=MANAGER))
    approve(client, confirmed)
    assert desk.event_view(confirmed)["status"] == "Confirmed"

    option, _ = offered(client, "Hi, a workshop for 20 people on 14 April 2026, 9 to 5.", "Room A please, no catering")
    approve(client, option)

    declined, declined_headers = offered(client, "Hi, a workshop for 30 people on 17 March 2026, 9 to 5.",
                                         "Room B please, no catering")
    approve(client, declined)
    say(client, declined, declined_headers, "We decline the offer")

    clock.set(datetime(2026, 3, 2, 10, 0, tzinfo=VENUE_TZ))
    marked, marked_headers = open_thread(client)
    desk.set_autonomy({"general": "review"})
    say(client, marked, marked_headers, "Hi, a workshop for 30 people in May.")
    desk.set_autonomy({"general": "auto"})
    clock.advance(timedelta(minutes=30))
    approve(client, marked)
    ok(client.post(f"/api/threads/{marked}/lost", json={"reason": "price", "note": "chose a hotel"}, headers=MANAGER))
    return Scenario(lapsed, confirmed, option, declined, marked)

