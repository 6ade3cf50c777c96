"""The manager console pages its lists: the total of open tasks, the newest first, and a keyboard-usable
"Load more" that brings the older ones into view; the events list the same."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from live_server import CLOCK, MANAGER_TOKEN  # noqa: E402

NOW = datetime.fromisoformat(CLOCK)  # the live server's frozen venue clock

TASKS = 45  # more than two console pages of 20
PAGE = 20


def _open_tasks(home: Path, count: int) -> list[str]:
    """`count` open tasks on their own threads, a minute apart before now, in the live server's database;
    returns their thread ids, oldest first (a task card names its thread)."""
    from venuedesk.clock import FrozenClock
    from venuedesk.store.db import make_engine
    from venuedesk.workflow.desk import Desk

    engine = make_engine(f"sqlite:///{home / 'venuedesk.sqlite3'}")
    desk = Desk(engine, FrozenClock(NOW))
    ids = []
    for index in range(count):
        thread = desk.open_thread().thread_id
        with desk.uow() as uow:
            uow.hil.create(thread, "offer_approval", NOW - timedelta(minutes=count - index),
                           summary=f"Paging task {index}")
            ids.append(thread)
            uow.commit()
    engine.dispose()
    return ids


def _sign_in(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(f"{base_url}/manager")
    page.get_by_label("Manager token").fill(MANAGER_TOKEN)
    page.get_by_role("button", name="Sign in").click()


def test_the_console_shows_the_total_and_the_newest_tasks_first(pages, base_url: str, tmp_path: Path) -> None:
    threads = _open_tasks(tmp_path / "home", TASKS)
    page = pages.new()

    _sign_in(page, base_url)

    expect(page.locator("#task-count")).to_have_text(str(TASKS))
    expect(page.locator(".task")).to_have_count(PAGE)
    expect(page.locator(".task").first).to_contain_text(threads[-1])
    expect(page.locator("#tasks-range")).to_have_text(f"Showing {PAGE} of {TASKS} open tasks, newest first.")


def test_load_more_by_keyboard_brings_the_older_tasks_until_all_are_shown(
        pages, base_url: str, tmp_path: Path) -> None:
    threads = _open_tasks(tmp_path / "home", TASKS)
    page = pages.new()
    _sign_in(page, base_url)
    more = page.get_by_role("button", name="Load more tasks")
    expect(page.locator(".task")).to_have_count(PAGE)

    more.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".task")).to_have_count(2 * PAGE)
    expect(more).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".task")).to_have_count(TASKS)
    expect(more).to_be_hidden()
    expect(page.locator(".task").last).to_contain_text(threads[0])
    expect(page.locator(".task").nth(2 * PAGE)).to_be_focused()
    expect(page.locator("#tasks-range")).to_have_text(f"Showing {TASKS} of {TASKS} open tasks, newest first.")


def test_a_new_task_appears_on_refresh_even_with_many_older_ones(pages, base_url: str, tmp_path: Path) -> None:
    _open_tasks(tmp_path / "home", TASKS)
    page = pages.new()
    _sign_in(page, base_url)
    expect(page.locator("#task-count")).to_have_text(str(TASKS))

    import httpx

    thread = httpx.post(f"{base_url}/api/threads").json()
    headers = {"Authorization": f"Bearer {thread['client_token']}"}
    url = f"{base_url}/api/threads/{thread['thread_id']}"
    httpx.post(f"{url}/messages", headers=headers, timeout=30,
               json={"text": "Workshop for 30 people on 10 March 2026, 9 to 5", "from": "anna@example.com"})
    httpx.post(f"{url}/actions", headers=headers, timeout=30, json={"name": "select_room", "args": {"room_id": "room-b"}})
    httpx.post(f"{url}/actions", headers=headers, timeout=30, json={"name": "no_products", "args": {}})
    page.get_by_role("button", name="Refresh").click()

    expect(page.locator("#task-count")).to_have_text(str(TASKS + 1))
    expect(page.locator(".task").first).to_contain_text(thread["thread_id"])


def _leads(home: Path, count: int) -> None:
    """`count` events (status Lead), each from a first message on its own thread, in the live server's database."""
    from venuedesk.clock import FrozenClock
    from venuedesk.store.db import make_engine
    from venuedesk.workflow.desk import Desk

    engine = make_engine(f"sqlite:///{home / 'venuedesk.sqlite3'}")
    desk = Desk(engine, FrozenClock(NOW))
    for _ in range(count):
        desk.handle_message(desk.open_thread().thread_id, "Workshop for 30 people in March, 9 to 5",
                            sender="anna@example.com")
    engine.dispose()


def test_the_events_list_pages_with_a_total_and_load_more(pages, base_url: str, tmp_path: Path) -> None:
    _leads(tmp_path / "home", PAGE + 3)
    page = pages.new()
    _sign_in(page, base_url)
    events = page.get_by_role("table", name="Events").locator("tbody tr")
    expect(events).to_have_count(PAGE)
    expect(page.locator("#events-range")).to_have_text(f"Showing {PAGE} of {PAGE + 3} events.")

    page.get_by_role("button", name="Load more events").click()

    expect(events).to_have_count(PAGE + 3)
    expect(page.get_by_role("button", name="Load more events")).to_be_hidden()
    expect(events.nth(PAGE)).to_be_focused()
