"""The booking lifecycle on the web pages (docs/design.md §4.13): a manager grants a counter-offer's discount, marks
a deposit paid and confirms a booking in the console; the client sees each outcome by itself."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from e2e_helpers import screenshot  # noqa: E402
from live_server import MANAGER_TOKEN  # noqa: E402
from test_manager_language import ENGLISH, chrome_texts, german_manager_signs_in  # noqa: E402

INQUIRY = "Workshop for 30 people in March, ideally a Tuesday, 9 to 5"
EMAIL = "anna@example.com"
BILLING = "Billing: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"
COUNTER = "Is there any flexibility on the price?"
# The client page polls every 3 s while it waits for the venue; on a loaded 2-core CI machine a decision can take
# a few polls to show, so waits for what a manager did allow 30 s.
WAIT_MS = 30_000


def send(page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send").click()


def client_waits_for_the_offer(page, base_url: str, *, extra: str | None = None) -> None:
    """Inquiry, the first free date, Room B, then no extras (or the extra named) → the offer waits for review."""
    page.goto(f"{base_url}/")
    page.get_by_label("Your email").fill(EMAIL)
    send(page, INQUIRY)
    page.get_by_role("table", name="Free dates").get_by_role("button").first.click()
    page.get_by_role("table", name="Rooms").get_by_role("button", name="Choose Room B").click()
    if extra is None:
        page.get_by_role("button", name="No catering or extras").click()
    else:
        page.get_by_role("table", name="Catering and extras").get_by_role("button", name=extra).click()
    expect(page.locator("#waiting")).to_be_visible()


def manager_console(pages, base_url: str):
    page = pages.new()
    page.goto(f"{base_url}/manager")
    page.get_by_label("Manager token").fill(MANAGER_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    return page


def approve_first_task(manager, heading: str, button: str = "Approve and send") -> None:
    task = manager.locator(".task").first
    expect(task.get_by_role("heading", name=heading)).to_be_visible()
    task.get_by_role("button", name=button).click()
    expect(manager.locator("#task-count")).to_have_text("0")


def offer_approved_for_the_client(
    pages, base_url: str, *, extra: str | None = None, total: str = "750.00"
):
    """The client's offer approved in the console and shown to them: (client page, manager page, the offer)."""
    client = pages.new()
    client_waits_for_the_offer(client, base_url, extra=extra)
    manager = manager_console(pages, base_url)
    approve_first_task(manager, "Offer approval")
    offer = client.locator(".msg-desk").last
    expect(offer).to_contain_text(f"Total: CHF {total}", timeout=WAIT_MS)
    return client, manager, offer


def accept_with_billing(client, offer) -> None:
    """The client accepts the offer and gives the billing address it asks for."""
    offer.get_by_role("button", name="Accept offer").click()
    expect(client.locator(".msg-desk").last).to_contain_text("billing address")
    send(client, BILLING)


def test_a_counter_granted_with_a_discount_in_the_console_reaches_the_client_with_the_new_total(
    pages, base_url: str
) -> None:
    client, manager, _ = offer_approved_for_the_client(pages, base_url)

    send(client, COUNTER)
    expect(client.locator("#waiting")).to_be_visible()
    manager.get_by_role("button", name="Refresh").click()
    task = manager.locator(".task").first
    expect(task.get_by_role("heading", name="Counter offer")).to_be_visible()
    expect(task.get_by_role("button", name="Approve and send")).to_have_count(0)
    task.get_by_label("Discount as").select_option("percent")
    task.get_by_label("Discount", exact=True).fill("10")
    screenshot(manager, "manager-counter-desktop")
    task.get_by_role("button", name="Approve with discount").click()
    expect(manager.locator("#notice")).to_contain_text("Discount granted")
    expect(manager.locator("#task-count")).to_have_text("0")
    expect(manager.get_by_role("table", name="Events")).to_contain_text("675.00")

    offer = client.locator(".msg-desk").last
    expect(offer).to_contain_text("discount of 10 %", timeout=WAIT_MS)
    expect(offer).to_contain_text("Total: CHF 675.00")
    expect(offer.get_by_role("table", name=re.compile("version 2"))).to_contain_text("Discount")
    expect(offer.get_by_role("button", name="Accept offer")).to_be_visible()
    expect(client.locator("#waiting")).to_be_hidden()


def test_a_discount_out_of_range_is_refused_in_the_console_and_nothing_is_sent(pages, base_url: str) -> None:
    client, manager, _ = offer_approved_for_the_client(pages, base_url)
    send(client, COUNTER)
    manager.get_by_role("button", name="Refresh").click()
    task = manager.locator(".task").first
    task.get_by_label("Discount", exact=True).fill("80")
    task.get_by_role("button", name="Approve with discount").click()
    expect(manager.locator("#task-count")).to_have_text("1")
    expect(task.get_by_label("Discount", exact=True)).to_be_focused()
    assert task.get_by_label("Discount", exact=True).evaluate("(input) => input.validity.rangeOverflow")
    expect(client.locator("#waiting")).to_be_visible()


def test_the_manager_marks_the_deposit_paid_from_the_events_table_and_the_client_is_told(
    pages, base_url: str
) -> None:
    client, manager, offer = offer_approved_for_the_client(pages, base_url, extra="Add Lunch package",
                                                           total="1'590.00")
    accept_with_billing(client, offer)
    expect(client.locator(".msg-desk").last).to_contain_text("Please pay the deposit of CHF 477.00")

    manager.get_by_role("button", name="Show", exact=True).click()
    events = manager.get_by_role("table", name="Events")
    expect(events).to_contain_text("Deposit CHF 477.00 · due 21 Feb 2026")
    events.get_by_role("button", name=re.compile("^Mark paid")).click()
    amount = manager.get_by_label("Amount received (CHF)")
    expect(amount).to_be_focused()
    expect(amount).to_have_value("477.00")
    manager.get_by_role("button", name="Mark deposit paid").click()
    expect(manager.locator("#notice")).to_contain_text("Deposit marked paid")
    expect(events).to_contain_text("paid 2 Feb 2026")
    expect(events.get_by_role("button", name=re.compile("^Mark paid"))).to_have_count(0)

    send(client, "Thanks!")
    expect(client.locator(".msg-desk", has_text="we have received your deposit of CHF 477.00")).to_have_count(1)


def test_a_confirmation_approved_in_the_console_shows_the_client_confirmed_and_the_ics_downloads(
    pages, base_url: str, tmp_path
) -> None:
    client, manager, offer = offer_approved_for_the_client(pages, base_url)
    accept_with_billing(client, offer)
    expect(client.locator("#waiting")).to_be_visible()

    manager.get_by_role("button", name="Refresh").click()
    task = manager.locator(".task").first
    expect(task.get_by_role("heading", name="Confirmation approval")).to_be_visible()
    expect(task.locator(".draft")).to_contain_text("Your booking at The Atelier is confirmed")
    expect(task.locator(".draft").get_by_text("Add to calendar (.ics)")).to_have_attribute("aria-disabled", "true")
    screenshot(manager, "manager-confirmation-desktop")
    task.get_by_role("button", name="Confirm the booking and send").click()
    expect(manager.locator("#notice")).to_contain_text("Approved")
    manager.get_by_role("button", name="Show", exact=True).click()
    expect(manager.get_by_role("table", name="Events")).to_contain_text("Confirmed")

    confirmation = client.locator(".msg-desk").last
    expect(confirmation).to_contain_text("Your booking at The Atelier is confirmed", timeout=WAIT_MS)
    expect(client.locator("#booking")).to_contain_text("Your booking: Confirmed")
    expect(client.locator("#waiting")).to_be_hidden()
    link = confirmation.get_by_role("link", name="Add to calendar (.ics)")
    link.focus()
    with client.expect_download() as downloaded:
        client.keyboard.press("Enter")
    saved = tmp_path / "booking.ics"
    downloaded.value.save_as(saved)
    assert downloaded.value.suggested_filename.endswith(".ics")
    invite = saved.read_text(encoding="utf-8")
    assert invite.startswith("BEGIN:VCALENDAR") and "Room B" in invite
    screenshot(client, "client-confirmed-desktop")


def test_a_cancellation_approved_in_the_console_shows_the_refund_and_the_client_sees_cancelled(
    pages, base_url: str
) -> None:
    client, manager, offer = offer_approved_for_the_client(pages, base_url)
    accept_with_billing(client, offer)
    manager.get_by_role("button", name="Refresh").click()
    approve_first_task(manager, "Confirmation approval", "Confirm the booking and send")
    confirmation = client.locator(".msg-desk").last
    expect(confirmation).to_contain_text("is confirmed", timeout=WAIT_MS)

    confirmation.get_by_role("button", name="Cancel the booking").click()
    expect(client.locator("#waiting")).to_be_visible()
    manager.get_by_role("button", name="Refresh").click()
    task = manager.locator(".task").first
    expect(task.get_by_role("heading", name="Cancellation")).to_be_visible()
    refund = task.locator("[data-part=refund]")
    expect(refund).to_contain_text("Paid")
    expect(refund).to_contain_text("CHF 0.00 (29 days before the event)")
    task.get_by_role("button", name="Approve the cancellation").click()
    expect(manager.locator("#task-count")).to_have_text("0")

    expect(client.locator("#booking")).to_contain_text("Your booking: Cancelled", timeout=WAIT_MS)
    expect(client.locator("#waiting")).to_be_hidden()


def test_a_german_manager_sees_the_counter_task_and_the_deposit_in_german(pages, base_url: str) -> None:
    client, _, _ = offer_approved_for_the_client(pages, base_url)
    send(client, COUNTER)
    expect(client.locator("#waiting")).to_be_visible()

    german = pages.new(locale="de-CH")
    german_manager_signs_in(german, base_url)
    task = german.locator(".task").first
    expect(task.get_by_role("heading", level=3)).to_have_text("Gegenangebot")
    expect(task.get_by_label("Rabatt als")).to_have_value("percent")
    expect(task.get_by_label("Rabatt", exact=True)).to_be_visible()
    expect(task.get_by_role("button", name="Mit Rabatt freigeben")).to_be_visible()
    expect(task.get_by_role("button", name="Preis beibehalten")).to_be_visible()
    expect(german.get_by_role("table", name="Anlässe")).to_contain_text("keine Anzahlung")
    assert ENGLISH.findall(" · ".join(chrome_texts(german))) == []
    screenshot(german, "manager-counter-german")


def test_the_decline_button_declines_the_offer_and_the_event_is_lost_in_the_console(pages, base_url: str) -> None:
    client, manager, offer = offer_approved_for_the_client(pages, base_url)
    offer.get_by_role("button", name="Decline").click()
    expect(client.locator(".msg-desk").last).to_contain_text("decline offer version 1")
    expect(client.locator("#booking")).to_contain_text("Your booking: Declined")
    manager.get_by_role("button", name="Show", exact=True).click()
    events = manager.get_by_role("table", name="Events")
    expect(events).to_contain_text("Lost")
    expect(events.locator("[data-part=expiry]")).to_have_count(0)
