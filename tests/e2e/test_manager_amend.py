"""The console's Amend form on a Confirmed booking (docs/amendments.md "The console"): the manager changes the head
count and adds a product, only the changes are sent, the new total is announced, under the strict CSP."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from test_manager_function_sheet import _confirmed_booking  # noqa: E402
from test_web_pages import manager_signs_in  # noqa: E402


def test_the_manager_amends_a_confirmed_booking_from_the_events_view(pages, base_url: str, tmp_path: Path) -> None:
    _confirmed_booking(tmp_path / "home")
    manager = pages.new()
    manager_signs_in(manager, base_url)
    manager.locator("[data-control=amend]").first.click()
    form = manager.locator(".amend-form")
    form.get_by_label("Guests").fill("32")
    form.get_by_label("Product lines (one per line: product id and quantity; 0 removes)").fill("projector 1")
    form.get_by_label("Notes for staff").fill("Four vegan lunches")
    form.get_by_role("button", name="Amend booking").click()
    expect(manager.locator("#notice")).to_contain_text("amended: new total CHF 1'721.00")
    expect(form).to_have_count(0)


def test_a_malformed_product_line_is_refused_in_the_form(pages, base_url: str, tmp_path: Path) -> None:
    _confirmed_booking(tmp_path / "home")
    manager = pages.new()
    manager_signs_in(manager, base_url)
    manager.locator("[data-control=amend]").first.click()
    form = manager.locator(".amend-form")
    form.get_by_label("Product lines (one per line: product id and quantity; 0 removes)").fill("two projectors")
    form.get_by_role("button", name="Amend booking").click()
    expect(form).to_be_visible()
    expect(manager.locator("#notice")).to_be_hidden()
