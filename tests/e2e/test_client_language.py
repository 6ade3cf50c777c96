"""The client page follows the conversation's language: German words, Swiss amounts, no internal names."""

from __future__ import annotations

import re

import httpx
import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from e2e_helpers import screenshot  # noqa: E402
from live_server import MANAGER_TOKEN  # noqa: E402

GERMAN_INQUIRY = "Guten Tag, wir planen ein Seminar für ca. 25 Personen am 12. März 2026, ganztags, U-Form."
GERMAN_CHOICE = "Wir nehmen Raum B, mit Kaffee und Tee und Mittagessen."
ENGLISH_INQUIRY = "Workshop for 30 people in March, ideally a Tuesday, 9 to 5"
# Words that belong to the machine, not to the client: the HIL state, agent code names (`dates_agent`),
# the footer's machine keys and step names.
INTERNAL = re.compile(r"HIL|_agent|\bagent\b|Awaiting Client|Step: |State: |\bintake\b|Negotiation|\bevt_|\bthr_",
                      re.IGNORECASE)


def approve_open_offer(base_url: str) -> None:
    """The manager approves the one open task through the API (the console has its own tests)."""
    headers = {"Authorization": f"Bearer {MANAGER_TOKEN}"}
    tasks = httpx.get(f"{base_url}/api/hil/tasks?status=open", headers=headers).json()
    task = (tasks["tasks"] if isinstance(tasks, dict) else tasks)[0]
    response = httpx.post(f"{base_url}/api/hil/tasks/{task['task_id']}/approve", headers=headers)
    assert response.status_code == 200, response.text


def visible_text(page) -> str:
    return page.evaluate("document.body.innerText")


def test_a_german_conversation_turns_the_whole_page_german(pages, base_url: str) -> None:
    page = pages.new()
    page.goto(f"{base_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#venue-name")).to_have_text("The Atelier")
    page.get_by_label("Your email").fill("max@firma.ch")
    page.get_by_label("Your message").fill(GERMAN_INQUIRY)
    page.get_by_role("button", name="Send").click()

    rooms = page.get_by_role("table", name="Räume")
    expect(rooms).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(rooms.get_by_role("columnheader", name="Raumpreis CHF")).to_be_visible()
    expect(rooms.get_by_role("button", name="Raum B wählen")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anlass buchen")
    expect(page.get_by_role("button", name="Senden")).to_be_visible()
    expect(page.get_by_role("button", name="Neues Gespräch")).to_be_visible()
    expect(page.get_by_placeholder("Schreiben Sie Ihre Nachricht…")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Schritt 3 von 7 · Raum")
    expect(page.locator("#status")).to_contain_text("Als Nächstes: Raum wählen")
    expect(page.locator("#status")).to_contain_text("Wir warten auf Sie")
    expect(page.locator("#stepper")).to_contain_text("Ihre Antwort")
    expect(page.locator(".msg-desk .agent").last).to_have_text("The Atelier")
    assert page.title() == "Anlass buchen · The Atelier"

    page.get_by_label("Ihre Nachricht").fill(GERMAN_CHOICE)
    page.get_by_role("button", name="Senden").click()
    expect(page.locator("#waiting")).to_be_visible()
    expect(page.locator("#waiting")).to_contain_text("Wir warten auf das Haus")
    expect(page.locator("#status")).to_contain_text("Als Nächstes: das Haus prüft Ihr Angebot")
    approve_open_offer(base_url)

    offer = page.locator(".msg-desk").last
    expect(offer).to_contain_text("Total: CHF 1'662.50", timeout=15_000)
    table = offer.get_by_role("table", name="Ihr Angebot (Version 1)")
    expect(table).to_contain_text("1'662.50")
    expect(table.get_by_role("columnheader", name="Einzelpreis CHF")).to_be_visible()
    expect(offer.get_by_role("button", name="Angebot annehmen")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Schritt 5 von 7")
    expect(page.locator("#waiting")).to_be_hidden()
    assert INTERNAL.findall(visible_text(page)) == []
    screenshot(page, "client-offer-german")


def test_an_english_conversation_stays_english(pages, base_url: str) -> None:
    page = pages.new()
    page.goto(f"{base_url}/")
    page.get_by_label("Your email").fill("anna@example.com")
    page.get_by_label("Your message").fill(ENGLISH_INQUIRY)
    page.get_by_role("button", name="Send").click()

    dates = page.get_by_role("table", name="Free dates")
    expect(dates).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Book your event")
    expect(page.locator("#status")).to_contain_text("Step 2 of 7 · Date")
    expect(page.locator("#status")).to_contain_text("Next: choose a date")
    expect(page.locator("#status")).to_contain_text("Waiting for you")
    dates.get_by_role("button").first.click()
    expect(page.get_by_role("table", name="Rooms").get_by_role("button", name="Choose Room B")).to_be_visible()
    assert INTERNAL.findall(visible_text(page)) == []


def test_a_reload_keeps_the_conversation_language(pages, base_url: str) -> None:
    page = pages.new()
    page.goto(f"{base_url}/")
    page.get_by_label("Your email").fill("max@firma.ch")
    page.get_by_label("Your message").fill(GERMAN_INQUIRY)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("table", name="Räume")).to_be_visible()
    page.reload()
    expect(page.get_by_role("table", name="Räume")).to_have_count(1)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("button", name="Senden")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Schritt 3 von 7")


def test_a_german_browser_starts_german_and_an_english_conversation_switches_it_to_english(pages,
                                                                                          base_url: str) -> None:
    page = pages.new(locale="de-CH")
    page.goto(f"{base_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("button", name="Senden")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Schritt 1 von 7 · Ihr Anlass")
    page.get_by_label("Ihre E-Mail-Adresse").fill("anna@example.com")
    page.get_by_label("Ihre Nachricht").fill(ENGLISH_INQUIRY)
    page.get_by_role("button", name="Senden").click()
    expect(page.get_by_role("table", name="Free dates")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Step 2 of 7 · Date")
