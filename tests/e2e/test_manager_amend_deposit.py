"""The console after an amendment raised a paid deposit (docs/amendments.md "The deposit"): the event row shows the
top-up due, its Mark paid button records it with the top-up's amount prefilled, and the row then shows it paid."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from test_manager_function_sheet import _confirmed_booking  # noqa: E402
from test_web_pages import manager_signs_in  # noqa: E402


def test_the_top_up_shows_in_the_event_row_and_is_marked_paid_from_it(pages, base_url: str, tmp_path: Path) -> None:
    _confirmed_booking(tmp_path / "home")
    manager = pages.new()
    manager_signs_in(manager, base_url)
    manager.locator("[data-control=amend]").first.click()
    form = manager.locator(".amend-form")
    form.get_by_label("Product lines (one per line: product id and quantity; 0 removes)").fill(
        "coffee-snacks 1\nwireless-mic 2")
    form.get_by_role("button", name="Amend booking").click()
    expect(manager.locator("#notice")).to_contain_text("new total CHF 2'090.00")
    topup = manager.locator("[data-part=topup]").first
    expect(topup).to_contain_text("Top-up CHF 150.00")
    manager.locator("[data-control=deposit-paid]").first.click()
    expect(manager.locator(".deposit-form input")).to_have_value("150.00")
    manager.get_by_role("button", name="Mark deposit paid").click()
    expect(manager.locator("#notice")).to_contain_text("Deposit marked paid")
    expect(manager.locator("[data-part=topup]")).to_have_count(0)
    expect(manager.locator("[data-control=deposit-paid]")).to_have_count(0)
