"""A manager mail's "edit in the console" link, `/manager#task=<id>`, opens the console at that task's card."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from live_server import CLOCK, MANAGER_TOKEN  # noqa: E402

NOW = datetime.fromisoformat(CLOCK)


def _open_tasks(home: Path, count: int) -> list[str]:
    """`count` open tasks on their own threads in the live server's database; their task ids, oldest first."""
    from venuedesk.clock import FrozenClock
    from venuedesk.store.db import make_engine
    from venuedesk.workflow.desk import Desk

    engine = make_engine(f"sqlite:///{home / 'venuedesk.sqlite3'}")
    desk = Desk(engine, FrozenClock(NOW))
    ids = []
    for index in range(count):
        thread = desk.open_thread().thread_id
        with desk.uow() as uow:
            ids.append(uow.hil.create(thread, "manual_review", NOW - timedelta(minutes=count - index),
                                      summary=f"Linked task {index}").id)
            uow.commit()
    engine.dispose()
    return ids


def test_signing_in_from_a_task_link_focuses_that_tasks_card(pages, base_url: str, tmp_path: Path) -> None:
    tasks = _open_tasks(tmp_path / "home", 3)
    page = pages.new()
    page.goto(f"{base_url}/manager#task={quote(tasks[0], safe='')}")
    page.get_by_label("Manager token").fill(MANAGER_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(f'[data-task="{tasks[0]}"]')).to_be_focused()
