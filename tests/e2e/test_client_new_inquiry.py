"""A separate inquiry opens its own thread: the reply's link switches the client page to it (docs/design.md §4.10)."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

INQUIRY = "Workshop for 30 people in March, ideally a Tuesday, 9 to 5"
SECOND = ("Thanks.\n\nBy the way, we're also planning a Christmas dinner for 40 people in December - could you send "
          "something for that too?")


def _thread(page) -> dict:
    return json.loads(page.evaluate("sessionStorage.getItem('venuedesk.thread')"))


def test_the_new_inquiry_link_switches_the_page_to_the_new_thread(pages, base_url: str) -> None:
    client = pages.new()
    client.goto(f"{base_url}/")
    client.get_by_label("Your email").fill("anna@example.com")
    client.get_by_label("Your message").fill(INQUIRY)
    client.get_by_role("button", name="Send").click()
    expect(client.get_by_role("table", name="Free dates")).to_be_visible()
    first = _thread(client)
    client.get_by_label("Your message").fill(SECOND)
    client.get_by_role("button", name="Send").click()

    link = client.get_by_role("link", name="Open the new inquiry")
    expect(link).to_be_visible()
    new_thread = link.get_attribute("data-open-thread")
    assert new_thread and new_thread != first["thread_id"]
    expect(client.locator(".msg-desk").last).to_contain_text(f"reference {new_thread}")
    link.click()

    expect(client.locator(".msg-client")).to_have_count(0)
    expect(client.locator(".msg-desk")).not_to_have_count(0)
    expect(client.locator(".msg-desk").first).not_to_contain_text("reference")
    assert _thread(client) == {"thread_id": new_thread, "client_token": first["client_token"]}
    client.get_by_label("Your message").fill("45 people")
    client.get_by_role("button", name="Send").click()
    expect(client.locator(".msg-client")).to_have_text([re.compile("45 people")])
