"""Managers deciding at once through two API processes: two approvals of offers for one room and date end with one
offer sent and the other closed as superseded with a notice saying why, and a manager's Idempotency-Key decides
one thing only, whichever tasks or threads it is sent for at the same time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from races_helpers import WITH_LUNCH, Cluster, Guest, each_at_once
from venuedesk.process_harness import CLOCK
from venuedesk.store.models import BookingRow, HilTaskRow

pytestmark = pytest.mark.postgres

TASKS = 8
INQUIRY = "Workshop for 30 people on {day} March 2026, 09:00-17:00, in Room B please."
ADDRESS = "Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"


def _offer_waiting_for_approval(api: Cluster, index: int, day: int) -> tuple[Guest, str]:
    """A thread holding Room B on `day` March whose offer waits for the manager; the thread and the task id."""
    guest = api.client(index)
    held = guest.say(INQUIRY.format(day=day), sender=f"client{index}@example.com")
    assert held.json()["footer"]["step"] == 4, held.text
    review = guest.say(WITH_LUNCH).json()
    assert review["hil"] and review["hil"]["type"] == "offer_approval", review["body_markdown"]
    return guest, review["hil"]["task_id"]


def _awaiting_deposit(api: Cluster, index: int, day: int) -> Guest:
    """A thread at step 6 with its billing address, asked for the deposit of CHF 477.00."""
    guest, task_id = _offer_waiting_for_approval(api, index, day)
    assert api.manager(index).post(f"/api/hil/tasks/{task_id}/approve").status_code == 200
    assert guest.say(ADDRESS).status_code == 200
    accepted = guest.say("We accept the offer").json()
    assert accepted["footer"]["step"] == 6 and "477.00" in accepted["body_markdown"], accepted["body_markdown"]
    return guest


def _lapse_the_hold(api: Cluster, thread_id: str) -> None:
    """The thread's option on its room ran out (the store stands in for seven days passing)."""
    lapsed = datetime.fromisoformat(CLOCK) - timedelta(minutes=1)
    with api.engine.begin() as connection:
        connection.execute(update(BookingRow).where(BookingRow.event_id == f"evt_{thread_id.removeprefix('thr_')}")
                           .values(expires_at=lapsed))


def _statuses(api: Cluster, task_ids: list[str]) -> list[str]:
    with api.engine.connect() as connection:
        rows = dict(connection.execute(select(HilTaskRow.id, HilTaskRow.status).where(HilTaskRow.id.in_(task_ids))).all())
    return [rows[task_id] for task_id in task_ids]


def _conflict(response: httpx.Response) -> tuple[int, str, str | None]:
    body: dict[str, Any] = response.json()
    return response.status_code, body["error"]["code"], body["error"].get("field")


@pytest.fixture(scope="module")
def two_approvals(api: Cluster) -> tuple[list[str], list[dict[str, Any]]]:
    """Offers for Room B on 10 March on two threads, both waiting for approval (the first one's option lapsed and
    the second took the room), approved by two managers at once; the task ids and the two replies."""
    first, first_task = _offer_waiting_for_approval(api, 0, 10)
    _lapse_the_hold(api, first.thread_id)
    _, second_task = _offer_waiting_for_approval(api, 1, 10)
    tasks = [first_task, second_task]
    managers = [api.manager(0), api.manager(1)]
    replies = each_at_once([lambda n=n: managers[n].post(f"/api/hil/tasks/{tasks[n]}/approve") for n in (0, 1)])
    assert [reply.status_code for reply in replies] == [200, 200], [reply.text for reply in replies]
    return tasks, [reply.json() for reply in replies]


def test_of_two_conflicting_approvals_only_the_offer_whose_event_holds_the_room_is_sent(
    api: Cluster, two_approvals: tuple[list[str], list[dict[str, Any]]]
) -> None:
    tasks, (_, sent) = two_approvals
    assert _statuses(api, tasks) == ["superseded", "approved"]
    assert sent["footer"]["step"] == 5 and sent["hil"]["status"] == "approved"


def test_the_manager_of_the_other_offer_is_told_it_was_superseded_because_the_room_was_taken(
    two_approvals: tuple[list[str], list[dict[str, Any]]]
) -> None:
    _, (superseded, _) = two_approvals
    assert superseded["hil"]["status"] == "superseded"
    assert superseded["body_markdown"].startswith("Nothing was sent: the option on Room B for Tuesday, 10 March 2026 "
                                                  "lapsed and another event now holds the room.")


def test_one_manager_key_sent_for_eight_tasks_at_once_decides_one_and_refuses_the_rest_naming_it(
    api: Cluster
) -> None:
    tasks = [_offer_waiting_for_approval(api, n, 11 + n)[1] for n in range(TASKS)]
    managers = [api.manager(0), api.manager(1)]
    answers = each_at_once([lambda n=n: managers[n % 2].post(f"/api/hil/tasks/{tasks[n]}/approve",
                                                              headers={"Idempotency-Key": "approve-once"})
                            for n in range(TASKS)])
    decided = [n for n, answer in enumerate(answers) if answer.status_code == 200]
    assert len(decided) == 1, [answer.status_code for answer in answers]
    refused = [answer for answer in answers if answer.status_code != 200]
    assert {_conflict(answer) for answer in refused} == {(422, "idempotency_conflict", "Idempotency-Key")}
    assert all("'approve-once'" in answer.json()["error"]["message"] for answer in refused)
    assert sorted(_statuses(api, tasks)) == ["approved"] + ["open"] * (TASKS - 1)


def test_one_deposit_key_sent_for_two_threads_at_once_marks_one_deposit_and_refuses_the_other(
    api: Cluster
) -> None:
    guests = [_awaiting_deposit(api, n, 25 + n) for n in (0, 1)]
    managers = [api.manager(0), api.manager(1)]
    answers = each_at_once([lambda n=n: managers[n].post(f"/api/threads/{guests[n].thread_id}/deposit-paid",
                                                          json={"amount": "477.00"},
                                                          headers={"Idempotency-Key": "deposit-once"})
                            for n in (0, 1)])
    assert sorted(answer.status_code for answer in answers) == [200, 422], [answer.text for answer in answers]
    [refused] = [answer for answer in answers if answer.status_code == 422]
    assert _conflict(refused) == (422, "idempotency_conflict", "Idempotency-Key")
    steps = [guest.http.get(f"/api/threads/{guest.thread_id}").json()["replies"][-1]["footer"]["step"]
             for guest in guests]
    assert sorted(steps) == [6, 7]
