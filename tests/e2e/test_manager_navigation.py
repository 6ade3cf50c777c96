"""The console's one navigation (manager-tabs.js): the same links under the header of /manager and
/manager/calendar, the current view marked, each view in the address, usable with the keyboard and at phone width."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from e2e_helpers import PHONE  # noqa: E402
from test_web_pages import manager_signs_in  # noqa: E402

NO_SIDEWAYS_SCROLL = "document.scrollingElement.scrollWidth <= window.innerWidth"


def _signed_in(pages, base_url: str, viewport=None):  # noqa: ANN001, ANN202
    page = pages.new(viewport)
    manager_signs_in(page, base_url)
    expect(page.locator("#tasks-title")).to_be_focused()  # signed in, the lists loaded
    return page


def _nav(page):  # noqa: ANN001, ANN202
    return page.get_by_role("navigation", name="Console")


def test_the_pipeline_link_shows_the_pipeline_and_marks_it_current(pages, base_url: str) -> None:
    page = _signed_in(pages, base_url)
    expect(_nav(page).get_by_role("link", name="Tasks and events")).to_have_attribute("aria-current", "page")
    _nav(page).get_by_role("link", name="Pipeline").click()
    expect(page).to_have_url(f"{base_url}/manager#pipeline")
    expect(_nav(page).get_by_role("link", name="Pipeline")).to_have_attribute("aria-current", "page")
    expect(_nav(page).get_by_role("link", name="Tasks and events")).not_to_have_attribute("aria-current", "page")
    expect(page.locator("#pipeline-title")).to_be_focused()
    expect(page.locator("#tasks-panel")).to_be_hidden()
    _nav(page).get_by_role("link", name="Tasks and events").click()
    expect(page.locator("#tasks-panel")).to_be_visible()
    expect(page.locator("#pipeline-panel")).to_be_hidden()


def test_the_calendar_page_links_back_to_the_pipeline(pages, base_url: str) -> None:
    page = _signed_in(pages, base_url)
    _nav(page).get_by_role("link", name="Calendar").click()
    expect(page.locator("#span-title")).to_contain_text("2026")
    expect(_nav(page).get_by_role("link", name="Calendar")).to_have_attribute("aria-current", "page")
    _nav(page).get_by_role("link", name="Pipeline").click()
    expect(page).to_have_url(f"{base_url}/manager#pipeline")
    expect(page.locator('[data-stage="leads"] [data-part="count"]')).to_have_text("0")
    expect(_nav(page).get_by_role("link", name="Pipeline")).to_have_attribute("aria-current", "page")


def test_a_reload_and_the_back_button_keep_the_view_in_the_address(pages, base_url: str) -> None:
    page = _signed_in(pages, base_url)
    _nav(page).get_by_role("link", name="Pipeline").click()
    page.reload()
    expect(page.locator("#pipeline-panel")).to_be_visible()
    expect(page.locator("#tasks-panel")).to_be_hidden()
    _nav(page).get_by_role("link", name="Tasks and events").click()
    page.go_back()
    expect(page.locator("#pipeline-panel")).to_be_visible()


def test_the_navigation_works_from_the_keyboard(pages, base_url: str) -> None:
    page = _signed_in(pages, base_url)
    _nav(page).get_by_role("link", name="Tasks and events").focus()
    page.keyboard.press("Tab")
    expect(_nav(page).get_by_role("link", name="Pipeline")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#pipeline-title")).to_be_focused()
    _nav(page).get_by_role("link", name="Pipeline").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}/manager/calendar#view=week&from=2026-02-02")


def test_the_console_does_not_scroll_sideways_on_a_phone(pages, base_url: str) -> None:
    page = _signed_in(pages, base_url, PHONE)
    expect(_nav(page).get_by_role("link", name="Calendar")).to_be_in_viewport()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    _nav(page).get_by_role("link", name="Pipeline").click()
    expect(page.locator('[data-stage="leads"] [data-part="count"]')).to_have_text("0")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
