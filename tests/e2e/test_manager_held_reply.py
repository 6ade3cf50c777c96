"""`general: review` in the browser (docs/design.md §4.13 Autonomy): the client's page says the team will answer,
the manager console shows the held reply as a "Reply approval" task with the reply as the client will see it, and
approving it brings the reply (the free dates) to the client's page by itself."""

from __future__ import annotations

import json
import urllib.request

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from live_server import MANAGER_TOKEN  # noqa: E402
from test_web_pages import EMAIL, INQUIRY, manager_signs_in  # noqa: E402


def review_general_replies(base_url: str) -> None:
    """What a manager does with `PUT /api/settings/autonomy`."""
    request = urllib.request.Request(f"{base_url}/api/settings/autonomy", method="PUT",
                                     data=json.dumps({"general": "review"}).encode(),
                                     headers={"Authorization": f"Bearer {MANAGER_TOKEN}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:  # noqa: S310  (loopback test server)
        assert json.load(response)["general"] == "review"


def test_a_held_reply_is_approved_in_the_console_and_reaches_the_client(pages, base_url: str) -> None:
    review_general_replies(base_url)
    client = pages.new()
    client.goto(f"{base_url}/")
    client.get_by_label("Your email").fill(EMAIL)
    client.get_by_label("Your message").fill(INQUIRY)
    client.get_by_role("button", name="Send").click()
    expect(client.locator(".msg-desk").last).to_contain_text("will get back to you shortly")

    manager = pages.new()
    manager_signs_in(manager, base_url)
    task = manager.locator(".task").first
    expect(task.get_by_role("heading", name="Reply approval")).to_be_visible()
    expect(task.get_by_role("table", name="Free dates")).to_be_visible()
    task.get_by_role("button", name="Approve and send").click()

    expect(client.get_by_role("table", name="Free dates")).to_be_visible(timeout=30_000)
