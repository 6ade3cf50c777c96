"""The manager console shows who the client is and what happened, long text wraps inside its panel, and a stale
button on the client page is refused with an explanation."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from test_web_pages import EMAIL, INQUIRY, client_reaches_review, manager_signs_in  # noqa: E402

PHONE = {"width": 390, "height": 844}
LONG_WORD = "https://example.com/" + "agenda" * 40


def test_a_task_shows_the_client_the_first_request_the_conversation_and_the_reason(pages, base_url: str) -> None:
    client = pages.new()
    client_reaches_review(client, base_url)
    manager = pages.new()
    manager_signs_in(manager, base_url)
    task = manager.locator(".task").first
    expect(task.locator("[data-part=client]")).to_contain_text(EMAIL)
    expect(task.locator("[data-part=client]")).to_contain_text("30 guests")
    expect(task.locator("[data-part=client]")).to_contain_text("Room B")
    expect(task.locator("[data-part=first-request] blockquote")).to_have_text(INQUIRY)
    expect(task.locator("[data-part=reason]")).to_contain_text("Every offer is reviewed")
    conversation = task.locator("[data-part=conversation]")
    conversation.locator("summary").click()
    expect(conversation.locator(".line")).to_have_count(8)
    expect(conversation.locator(".line-client").last).to_contain_text("[no_products]")
    events = manager.get_by_role("table", name="Events")
    expect(events).to_contain_text(EMAIL)
    expect(events.get_by_role("columnheader", name="Guests")).to_be_visible()
    expect(events).to_contain_text("30")
    task.get_by_role("button", name="Audit trail").click()
    audit = manager.get_by_role("table", name=re.compile("Audit trail of"))
    expect(audit).to_contain_text("select_room room_id=room-b")
    expect(audit).to_contain_text("Side effect")
    expect(audit).to_contain_text("Message sent")


def test_long_text_wraps_inside_the_task_panel(pages, base_url: str) -> None:
    client = pages.new(PHONE)
    client.goto(f"{base_url}/")
    client.get_by_label("Your email").fill(EMAIL)
    client.get_by_label("Your message").fill(f"{INQUIRY}. Agenda: {LONG_WORD}")
    client.get_by_role("button", name="Send").click()
    client.get_by_role("table", name="Free dates").get_by_role("button").first.click()
    client.get_by_role("table", name="Rooms").get_by_role("button", name="Choose Room B").click()
    client.get_by_role("button", name="No catering or extras").click()
    expect(client.locator("#waiting")).to_be_visible()
    manager = pages.new(PHONE)
    manager_signs_in(manager, base_url)
    task = manager.locator(".task").first
    expect(task.locator("[data-part=first-request]")).to_contain_text("agendaagenda")
    task.locator("[data-part=conversation] summary").click()
    fits = "nodes => nodes.every(node => node.scrollWidth <= node.clientWidth)"
    assert task.locator("[data-part=first-request] blockquote, [data-part=conversation] .line").evaluate_all(fits)
    assert manager.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box, panel = task.bounding_box(), manager.locator(".tasks-panel").bounding_box()
    assert box["x"] + box["width"] <= panel["x"] + panel["width"] + 1


def test_a_date_button_clicked_after_the_room_is_chosen_is_refused_with_an_explanation(
    pages, base_url: str
) -> None:
    client = pages.new()
    client.goto(f"{base_url}/")
    client.get_by_label("Your email").fill(EMAIL)
    client.get_by_label("Your message").fill(INQUIRY)
    client.get_by_role("button", name="Send").click()
    dates = client.get_by_role("table", name="Free dates")
    dates.get_by_role("button").first.click()
    client.get_by_role("table", name="Rooms").get_by_role("button", name="Choose Room B").click()
    expect(client.locator("#status")).to_contain_text("Step 4 of 7 · Offer")
    dates.get_by_role("button").nth(1).click()
    refusal = client.locator(".msg-desk").last
    expect(refusal).to_contain_text("so that date button no longer applies; nothing was changed")
    expect(refusal).to_contain_text("These are your current options:")
    expect(refusal.get_by_role("button", name="No catering or extras")).to_be_visible()
    expect(client.locator("#status")).to_contain_text("Step 4 of 7 · Offer")


def test_a_task_names_what_the_client_asked_for_that_the_catalogue_lacks(pages, base_url: str) -> None:
    client = pages.new()
    client.goto(f"{base_url}/")
    client.get_by_label("Your email").fill(EMAIL)
    client.get_by_label("Your message").fill(f"{INQUIRY}. Could you also organise a cheese Plättli for the break?")
    client.get_by_role("button", name="Send").click()
    client.get_by_role("table", name="Free dates").get_by_role("button").first.click()
    client.get_by_role("table", name="Rooms").get_by_role("button", name="Choose Room B").click()
    client.get_by_role("button", name="No catering or extras").click()
    expect(client.locator("#waiting")).to_be_visible()
    manager = pages.new()
    manager_signs_in(manager, base_url)
    task = manager.locator(".task").first
    expect(task.locator("[data-part=client]")).to_contain_text("Asked for, not in the catalogue")
    expect(task.locator("[data-part=unknown-items]")).to_have_text("Plättli")
