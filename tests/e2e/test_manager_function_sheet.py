"""A confirmed booking's row in the manager console's events table links its function sheet: the PDF link downloads
it with the manager token, under the page's strict CSP (no inline script)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from confirmed_booking import confirm_booking  # noqa: E402
from live_server import CLOCK  # noqa: E402
from test_web_pages import manager_signs_in  # noqa: E402
from venuedesk.clock import FrozenClock  # noqa: E402
from venuedesk.store.db import make_engine  # noqa: E402
from venuedesk.workflow.desk import Desk  # noqa: E402


def _confirmed_booking(home: Path) -> str:
    engine = make_engine(f"sqlite:///{home / 'venuedesk.sqlite3'}")
    try:
        desk = Desk(engine, FrozenClock(datetime.fromisoformat(CLOCK)))
        thread_id = desk.open_thread().thread_id
        confirm_booking(desk, thread_id)
        return "evt_" + thread_id.removeprefix("thr_")
    finally:
        engine.dispose()


def test_a_confirmed_booking_s_row_downloads_its_function_sheet(pages, base_url: str, tmp_path: Path) -> None:
    event_id = _confirmed_booking(tmp_path / "home")
    manager = pages.new()
    manager_signs_in(manager, base_url)
    link = manager.locator("[data-part=function-sheet-pdf]").first
    expect(link).to_be_visible()
    with manager.expect_download() as download:
        link.click()
    saved = download.value
    assert saved.suggested_filename == f"function-sheet-{event_id}.pdf"
    assert Path(saved.path()).read_bytes().startswith(b"%PDF")
