"""The web pages end to end: a client books by clicking, a manager approves, the offer appears by itself."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from e2e_helpers import PHONE, screenshot  # noqa: E402
from live_server import MANAGER_TOKEN  # noqa: E402

INQUIRY = "Workshop for 30 people in March, ideally a Tuesday, 9 to 5"
EMAIL = "anna@example.com"


def client_reaches_review(page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Your email").fill(EMAIL)
    page.get_by_label("Your message").fill(INQUIRY)
    page.get_by_role("button", name="Send").click()

    dates = page.get_by_role("table", name="Free dates")
    expect(dates).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Step: 2 Date")
    dates.get_by_role("button").first.click()

    rooms = page.get_by_role("table", name="Rooms")
    expect(rooms).to_be_visible()
    rooms.get_by_role("button", name="Choose Room B").click()

    page.get_by_role("button", name="No catering or extras").click()
    expect(page.get_by_text("Waiting for the venue")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("State: Waiting on HIL")


def manager_signs_in(page, base_url: str, token: str = MANAGER_TOKEN) -> None:
    page.goto(f"{base_url}/manager")
    page.get_by_label("Manager token").fill(token)
    page.get_by_role("button", name="Sign in").click()


def test_client_books_manager_approves_offer_appears(pages, base_url: str) -> None:
    client = pages.new()
    client_reaches_review(client, base_url)
    expect(client.locator(".msg-client").first).to_have_text(re.compile("Workshop for 30 people"))
    expect(client.locator(".msg-desk .agent").last).to_have_text("Offer agent")
    screenshot(client, "client-waiting-desktop")

    manager = pages.new()
    manager_signs_in(manager, base_url)
    task = manager.locator(".task").first
    expect(task.get_by_role("heading", name="Offer approval")).to_be_visible()
    expect(task.locator(".draft")).to_contain_text("Total: CHF 750.00")
    expect(task.get_by_role("table", name=re.compile("Offer .* \\(version 1\\)"))).to_be_visible()
    expect(manager.get_by_role("table", name="Events")).to_contain_text("Room B")
    task.get_by_role("button", name="Audit trail").click()
    expect(manager.get_by_role("table", name=re.compile("Audit trail of"))).to_contain_text("date confirmed")
    manager.evaluate("window.scrollTo(0, 0)")
    screenshot(manager, "manager-desktop", docs="manager.png")
    manager.set_viewport_size(PHONE)
    screenshot(manager, "manager-phone", full_page=True)
    manager.set_viewport_size({"width": 1280, "height": 900})

    task.get_by_role("button", name="Approve and send").click()
    expect(manager.locator("#notice")).to_contain_text("Approved")
    expect(manager.locator("#task-count")).to_have_text("0")
    expect(manager.get_by_role("table", name="Events")).to_contain_text("750.00")

    offer = client.locator(".msg-desk").last
    expect(offer).to_contain_text("Total: CHF 750.00", timeout=15_000)
    expect(offer.locator("strong").first).to_have_text("Total: CHF 750.00")
    expect(client.locator("#status")).to_contain_text("Step: 5 Negotiation")
    expect(client.get_by_text("Waiting for the venue")).to_be_hidden()
    expect(offer.get_by_role("button", name="Accept offer")).to_be_visible()
    screenshot(client, "client-offer-desktop", docs="client.png")
    client.set_viewport_size(PHONE)
    offer.scroll_into_view_if_needed()
    client.evaluate("window.scrollBy(0, 10000)")
    screenshot(client, "client-offer-phone")


def test_phone_layout_and_reload_keeps_conversation(pages, base_url: str) -> None:
    client = pages.new(PHONE)
    client.goto(f"{base_url}/")
    screenshot(client, "client-empty-phone")
    client.get_by_label("Your email").fill(EMAIL)
    client.get_by_label("Your message").fill(INQUIRY)
    client.get_by_role("button", name="Send").click()
    expect(client.get_by_role("table", name="Free dates")).to_be_visible()
    screenshot(client, "client-dates-phone")
    client.reload()
    expect(client.get_by_role("table", name="Free dates")).to_have_count(1)
    expect(client.locator(".msg-client")).to_have_count(1)
    expect(client.get_by_label("Your email")).to_be_hidden()
    expect(client.locator("#email-known")).to_contain_text(EMAIL)


def test_keyboard_only_send(pages, base_url: str) -> None:
    page = pages.new()
    page.goto(f"{base_url}/")
    for _ in range(10):
        if page.evaluate("document.activeElement && document.activeElement.id") == "email":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("Workshop for 30 people")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("in March, ideally a Tuesday, 9 to 5")
    expect(page.locator(".msg-client")).to_have_count(0)
    page.keyboard.press("Enter")

    dates = page.get_by_role("table", name="Free dates")
    expect(dates).to_be_visible()
    expect(page.locator(".msg-client .bubble")).to_have_text("Workshop for 30 people\nin March, ideally a Tuesday, 9 to 5")
    expect(page.get_by_label("Your message")).to_have_value("")
    expect(page.get_by_label("Your message")).to_be_focused()

    dates.get_by_role("button").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("table", name="Rooms")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Step: 3 Room")


def test_markdown_is_escaped(pages, base_url: str) -> None:
    page = pages.new()
    page.goto(f"{base_url}/")
    page.get_by_label("Your message").fill("<img src=x onerror=alert(1)> **hello**")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".msg-desk").nth(1)).to_be_visible()
    expect(page.locator(".msg-client .bubble")).to_have_text("<img src=x onerror=alert(1)> **hello**")
    assert page.locator("img[src=x]").count() == 0


def test_wrong_manager_token_shows_error(pages, base_url: str) -> None:
    page = pages.new(expected_errors=("status of 401",))
    manager_signs_in(page, base_url, token="not-the-token")
    error = page.locator("#sign-in-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("not the manager token")
    expect(page.get_by_role("heading", name="Open tasks")).to_be_hidden()
    assert page.evaluate("sessionStorage.getItem('venuedesk.manager_token')") is None


def test_pages_send_a_strict_content_security_policy(base_url: str) -> None:
    import httpx

    for path in ("/", "/manager", "/static/client.js", "/static/styles.css"):
        response = httpx.get(f"{base_url}{path}")
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
    assert httpx.get(f"{base_url}/static/..%2Fpyproject.toml").status_code == 404
    assert httpx.get(f"{base_url}/static/nope.js").status_code == 404


def test_manager_edits_the_message_and_the_client_gets_it_with_the_computed_offer(pages, base_url: str) -> None:
    client = pages.new()
    client_reaches_review(client, base_url)
    manager = pages.new()
    manager_signs_in(manager, base_url)
    task = manager.locator(".task").first
    task.get_by_role("button", name="Edit").click()
    text = task.get_by_label(re.compile("Message to the client"))
    expect(text).to_be_focused()
    expect(text).to_have_value(re.compile(r"^Here is your offer for Tuesday"))
    expect(task.locator(".fixed-part")).to_contain_text("Total: CHF 750.00")
    expect(task.get_by_role("note")).to_contain_text("use a discount")
    text.fill("Dear Anna,\n\nhere is your offer for Room B, coffee on the house.")
    task.get_by_role("button", name="Send edited message").click()
    expect(manager.locator("#notice")).to_contain_text("edited message")

    edited = client.locator(".msg-desk").last
    expect(edited).to_contain_text("coffee on the house", timeout=15_000)
    expect(edited.locator(".body p").first).to_have_text("Dear Anna,")
    expect(edited.locator("strong").first).to_have_text("Total: CHF 750.00")
    expect(edited.get_by_role("table", name=re.compile("Offer .* \\(version 1\\)"))).to_contain_text("750.00")
    expect(client.get_by_text("Waiting for the venue")).to_be_hidden()


def test_manager_rejects_with_a_note_and_the_client_keeps_waiting(pages, base_url: str) -> None:
    client = pages.new()
    client_reaches_review(client, base_url)
    manager = pages.new(expected_errors=("status of 422",))
    manager_signs_in(manager, base_url)
    task = manager.locator(".task").first
    task.get_by_role("button", name="Reject").click()
    task.get_by_role("button", name="Reject draft").click()
    expect(manager.locator("#error")).to_contain_text("a rejection needs a note")
    expect(manager.locator("#task-count")).to_have_text("1")
    task.get_by_label(re.compile("Note")).fill("Please mention the parking")
    task.get_by_role("button", name="Reject draft").click()
    expect(manager.locator("#notice")).to_contain_text("Rejected")
    expect(manager.get_by_role("heading", name="Offer approval")).to_have_count(1)
    redraft = manager.locator(".task").first
    expect(redraft.locator("[data-part=previous-note]")).to_have_text(
        "Your note when rejecting: Please mention the parking")
    expect(redraft.locator("[data-part=reason]")).to_contain_text("cannot follow a note")
    expect(client.get_by_text("Waiting for the venue")).to_be_visible()
    expect(client.locator("#status")).to_contain_text("Step: 4 Offer")
