"""The manager's lists are paged: `limit` and `offset`, the total in `X-Total-Count`, the next page in
`Link` (rel="next"); tasks come newest first by default and no task is out of reach beyond the first 200."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api_helpers import INQUIRY, MANAGER, NOW, SENDER, assert_error, ok, open_thread
from venuedesk.workflow.desk import Desk

NEXT = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')


def _open_tasks(desk: Desk, count: int) -> list[str]:
    """`count` open tasks on their own threads, one minute apart, oldest first; returns their ids."""
    ids = []
    for index in range(count):
        thread = desk.open_thread().thread_id
        with desk.uow() as uow:
            row = uow.hil.create(thread, "offer_approval", NOW + timedelta(minutes=index), summary=f"task {index}")
            ids.append(row.id)
            uow.commit()
    return ids


def _all_pages(client: TestClient, url: str, **params: Any) -> tuple[list[dict[str, Any]], list[int]]:
    """Follow the Link headers from the first page; returns every item and the totals each page reported."""
    items, totals = [], []
    response = client.get(url, params=params, headers=MANAGER)
    while True:
        items.extend(ok(response))
        totals.append(int(response.headers["X-Total-Count"]))
        link = response.headers.get("Link")
        if link is None:
            return items, totals
        response = client.get(NEXT.match(link)["url"], headers=MANAGER)


def test_tasks_come_newest_first_by_default(client: TestClient, desk: Desk) -> None:
    ids = _open_tasks(desk, 3)

    tasks = ok(client.get("/api/hil/tasks", headers=MANAGER))

    assert [task["task_id"] for task in tasks] == ids[::-1]


def test_order_oldest_lists_tasks_oldest_first(client: TestClient, desk: Desk) -> None:
    ids = _open_tasks(desk, 3)
    tasks = ok(client.get("/api/hil/tasks", params={"order": "oldest"}, headers=MANAGER))
    assert [task["task_id"] for task in tasks] == ids


def test_a_page_carries_the_total_and_a_link_to_the_next_page(client: TestClient, desk: Desk) -> None:
    ids = _open_tasks(desk, 5)

    response = client.get("/api/hil/tasks", params={"limit": 2, "offset": 1}, headers=MANAGER)

    assert [task["task_id"] for task in ok(response)] == [ids[3], ids[2]]
    assert response.headers["X-Total-Count"] == "5"
    assert response.headers["Link"] == '</api/hil/tasks?limit=2&offset=3>; rel="next"'


def test_the_last_page_has_no_next_link(client: TestClient, desk: Desk) -> None:
    _open_tasks(desk, 3)
    response = client.get("/api/hil/tasks", params={"limit": 2, "offset": 2}, headers=MANAGER)
    assert len(ok(response)) == 1 and response.headers["X-Total-Count"] == "3"
    assert "Link" not in response.headers


def test_more_than_200_open_tasks_are_all_reachable_page_by_page(client: TestClient, desk: Desk) -> None:
    ids = _open_tasks(desk, 205)

    tasks, totals = _all_pages(client, "/api/hil/tasks", limit=200)

    assert [task["task_id"] for task in tasks] == ids[::-1]
    assert totals == [205, 205]


def test_the_total_counts_only_the_status_asked_for(client: TestClient, desk: Desk) -> None:
    _open_tasks(desk, 2)
    response = client.get("/api/hil/tasks", params={"status": "approved"}, headers=MANAGER)
    assert ok(response) == [] and response.headers["X-Total-Count"] == "0"


@pytest.mark.parametrize("params,field", [
    ({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"limit": "ten"}, "limit"),
    ({"offset": -1}, "offset"), ({"offset": 10**19}, "offset"), ({"order": "random"}, "order"),
])
def test_bad_paging_parameters_are_422_naming_the_parameter(client: TestClient, params: dict[str, Any],
                                                            field: str) -> None:
    for url in ("/api/hil/tasks", "/api/events"):
        if field == "order" and url == "/api/events":
            continue
        error = assert_error(client.get(url, params=params, headers=MANAGER), 422, "invalid_input")
        assert error["field"] == field, error


def _lead(client: TestClient) -> str:
    """A thread whose first message made an event (status Lead); returns the thread id."""
    thread_id, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY, "from": SENDER}, headers=headers))
    return thread_id


def test_events_are_paged_with_a_total_and_a_next_link(client: TestClient) -> None:
    threads = [_lead(client) for _ in range(3)]

    first = client.get("/api/events", params={"limit": 2}, headers=MANAGER)
    events, totals = _all_pages(client, "/api/events", limit=2)

    assert len(ok(first)) == 2 and first.headers["X-Total-Count"] == "3"
    assert first.headers["Link"] == '</api/events?limit=2&offset=2>; rel="next"'
    assert sorted(event["thread_id"] for event in events) == sorted(threads) and totals == [3, 3]


def test_the_event_total_follows_the_filters(client: TestClient) -> None:
    _lead(client)
    response = client.get("/api/events", params={"status": "Confirmed"}, headers=MANAGER)
    assert ok(response) == [] and response.headers["X-Total-Count"] == "0"


def test_a_cross_origin_console_can_read_the_total_and_the_next_link(desk: Desk, tmp_path) -> None:  # noqa: ANN001
    from api_helpers import MANAGER_TOKEN
    from venuedesk.transports.app import create_app
    from venuedesk.transports.settings import ServerSettings

    settings = ServerSettings(home=tmp_path / "home", cors_origins=["https://console.example"])
    with TestClient(create_app(desk, manager_token=MANAGER_TOKEN, settings=settings)) as cors_client:
        response = cors_client.get("/api/hil/tasks", headers={**MANAGER, "Origin": "https://console.example"})

    exposed = {name.strip().lower() for name in response.headers["access-control-expose-headers"].split(",")}
    assert {"x-total-count", "link"} <= exposed
