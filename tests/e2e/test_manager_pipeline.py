"""The console's Pipeline tab (docs/pipeline.md) in chromium: the stages with their conversion, a room filter that
changes the figures, "Mark lost" on an open lead, and the CSV download."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from live_server import CLOCK, MANAGER_TOKEN  # noqa: E402
from step_seven import confirmed, offer_sent  # noqa: E402

NOW = datetime.fromisoformat(CLOCK)


def _seed(home: Path) -> str:
    """In the live server's database: a confirmed booking of Room B, Room B on option for another day, and a lead
    with no room yet (its thread id is returned)."""
    from venuedesk.clock import FrozenClock
    from venuedesk.store.db import make_engine
    from venuedesk.workflow.desk import Desk

    engine = make_engine(f"sqlite:///{home / 'venuedesk.sqlite3'}")
    desk = Desk(engine, FrozenClock(NOW))
    confirmed(desk, desk.open_thread().thread_id)
    offer_sent(desk, desk.open_thread().thread_id, "no catering",
               "Hi, we'd like a workshop for 30 people on 17 March 2026, 9 to 5.")
    lead = desk.open_thread().thread_id
    desk.handle_message(lead, "Hello, do you have room for a dinner some time in May?", sender="lena@example.com")
    engine.dispose()
    return lead


def _open_pipeline(pages, base_url: str):  # noqa: ANN001, ANN202
    page = pages.new()
    page.goto(f"{base_url}/manager")
    page.get_by_label("Manager token").fill(MANAGER_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Pipeline").click()
    return page


def _count(page, stage: str):  # noqa: ANN001, ANN202
    return page.locator(f'[data-stage="{stage}"] [data-part="count"]')


def test_the_pipeline_tab_shows_the_stages_with_their_conversion(pages, base_url: str, tmp_path: Path) -> None:
    _seed(tmp_path / "home")
    page = _open_pipeline(pages, base_url)
    expect(page.get_by_role("link", name="Pipeline")).to_have_attribute("aria-current", "page")
    expect(page.locator("#tasks-panel")).to_be_hidden()
    expect(_count(page, "leads")).to_have_text("3")
    expect(_count(page, "options")).to_have_text("2")
    expect(_count(page, "confirmed")).to_have_text("1")
    expect(page.locator('[data-stage="options"]')).to_contain_text("66.7% of leads")
    expect(page.get_by_role("region", name="Revenue by month of the event")).to_contain_text("CHF 1'590.00")


def test_the_room_filter_changes_the_figures(pages, base_url: str, tmp_path: Path) -> None:
    _seed(tmp_path / "home")
    page = _open_pipeline(pages, base_url)
    expect(_count(page, "leads")).to_have_text("3")
    page.get_by_label("Room").select_option(label="Room B")
    expect(_count(page, "leads")).to_have_text("2")
    expect(page.locator('[data-stage="confirmed"]')).to_contain_text("50% of options")
    page.get_by_label("Room").select_option(label="Room A")
    expect(_count(page, "leads")).to_have_text("0")


def test_marking_the_open_lead_lost_counts_it_under_the_managers_reason(pages, base_url: str, tmp_path: Path) -> None:
    lead = _seed(tmp_path / "home")
    page = _open_pipeline(pages, base_url)
    row = page.get_by_role("row").filter(has_text=lead)
    row.get_by_role("button", name="Mark lost").click()
    page.get_by_label("Reason").select_option(label="No reply")
    page.get_by_label("Note for the team").fill("tried twice by phone")
    page.locator(".lost-form").get_by_role("button", name="Mark lost").dblclick()
    expect(page.locator("#pipeline-notice")).to_contain_text("is marked lost (No reply)")
    expect(page.locator('[data-reason="no_reply"]')).to_have_text("Marked lost for No reply: 1")
    expect(page.locator('[data-lost="marked_lost"]')).to_have_text("Marked lost by the team: 1")
    expect(page.get_by_role("row").filter(has_text=lead)).to_have_count(0)


def test_the_month_filter_narrows_the_open_leads_and_options(pages, base_url: str, tmp_path: Path) -> None:
    lead = _seed(tmp_path / "home")
    page = _open_pipeline(pages, base_url)
    expect(page.get_by_role("row").filter(has_text=lead)).to_have_count(1)
    page.get_by_label("Month", exact=True).select_option(label="March 2026")
    expect(_count(page, "leads")).to_have_text("0")
    expect(page.locator("#pipeline-open")).to_contain_text("No open leads or options.")
    page.get_by_label("Month", exact=True).select_option(label="February 2026")
    expect(page.get_by_role("row").filter(has_text=lead)).to_have_count(1)


def test_the_csv_downloads_with_the_filters_in_its_name(pages, base_url: str, tmp_path: Path) -> None:
    _seed(tmp_path / "home")
    page = _open_pipeline(pages, base_url)
    page.get_by_label("Room").select_option(label="Room B")
    expect(_count(page, "leads")).to_have_text("2")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download CSV").click()
    download = waiting.value
    assert download.suggested_filename == "pipeline-room-b.csv"
    lines = Path(download.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("thread_id,lead_month,stage,status") and len(lines) == 3
