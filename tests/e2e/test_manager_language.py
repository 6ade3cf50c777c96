"""The manager console speaks the manager's language: the browser's preferred one if the catalogue has it, else
English; a select in the header switches it, and the choice survives a reload."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from e2e_helpers import screenshot  # noqa: E402
from live_server import MANAGER_TOKEN  # noqa: E402
from test_web_pages import client_reaches_review  # noqa: E402

# English words of the console's headings and buttons; none may be left once the console speaks German.
ENGLISH = re.compile(r"\b(Manager console|Open tasks|Refresh|Events|Audit trail|Show|Sign|Approve|send|Edit|Reject|"
                     r"Load more|Offer approval|Cancel|Language)\b")
# The console's own headings and buttons: not the draft (the client's words) nor the thread ids.
CHROME = "h1, h2, h3, button:not(.btn-link):not(.bubble button), label"


def german_manager_signs_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/manager")
    page.get_by_label("Manager-Token").fill(MANAGER_TOKEN)
    page.get_by_role("button", name="Anmelden").click()


def chrome_texts(page) -> list[str]:
    return page.locator(CHROME).evaluate_all("nodes => nodes.filter(n => n.offsetParent).map(n => n.innerText)")


def test_a_manager_whose_browser_prefers_german_sees_the_console_in_german(pages, base_url: str) -> None:
    client_reaches_review(pages.new(), base_url)
    page = pages.new(locale="de-CH")
    german_manager_signs_in(page, base_url)

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Manager-Konsole")
    expect(page.get_by_role("heading", name=re.compile("^Offene Aufgaben"))).to_be_visible()
    task = page.locator(".task").first
    expect(task.get_by_role("heading", level=3)).to_have_text("Angebotsfreigabe")
    expect(task.get_by_role("button", name="Freigeben und senden")).to_be_visible()
    expect(task.get_by_role("button", name="Ablehnen")).to_be_visible()
    expect(task.locator("[data-part=client]")).to_contain_text("30 Gäste")
    expect(task.locator("[data-part=client]")).to_contain_text("Raum B")
    expect(task.locator(".meta")).to_have_text(re.compile(r"^Gespräch \S+ · \d{1,2}\. \S+ \d{4}, \d\d:\d\d$"))
    events = page.get_by_role("table", name="Anlässe")
    expect(events.get_by_role("columnheader", name="Gäste")).to_be_visible()
    expect(page.locator("#tasks-range")).to_have_text("Angezeigt: 1 von 1 offenen Aufgabe, die neueste zuerst.")
    expect(page.get_by_label("Sprache")).to_have_value("de")
    assert ENGLISH.findall(" · ".join(chrome_texts(page))) == []
    screenshot(page, "manager-german")


def test_a_german_manager_switches_to_english_and_the_choice_survives_a_reload(pages, base_url: str) -> None:
    client_reaches_review(pages.new(), base_url)
    page = pages.new(locale="de-CH")
    german_manager_signs_in(page, base_url)
    expect(page.get_by_role("button", name="Freigeben und senden")).to_be_visible()

    page.get_by_label("Sprache").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Approve and send")).to_be_visible()
    expect(page.get_by_role("table", name="Events").get_by_role("columnheader", name="Guests")).to_be_visible()
    expect(page.locator("#tasks-range")).to_have_text("Showing 1 of 1 open task, newest first.")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Manager console")
    expect(page.get_by_role("button", name="Approve and send")).to_be_visible()
    expect(page.get_by_label("Language")).to_have_value("en")
    assert page.evaluate("localStorage.getItem('venuedesk.manager_language')") == "en"


def test_the_language_select_names_each_language_in_itself(pages, base_url: str) -> None:
    page = pages.new()
    page.goto(f"{base_url}/manager")
    options = page.get_by_label("Language").locator("option")
    expect(options).to_have_text(["English", "Deutsch"])


def test_a_browser_preferring_a_language_the_catalogue_lacks_gets_english(pages, base_url: str) -> None:
    page = pages.new(locale="fr-FR")
    page.goto(f"{base_url}/manager")
    expect(page.get_by_label("Language")).to_have_value("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_a_german_console_shows_the_server_texts_of_a_task_in_german(pages, base_url: str) -> None:
    client_reaches_review(pages.new(), base_url)
    page = pages.new(locale="de-CH")
    german_manager_signs_in(page, base_url)

    task = page.locator(".task").first
    expect(task.locator("[data-part=reason]")).to_contain_text(
        re.compile(r"^Warum: Jedes Angebot wird geprüft, bevor der Kunde es sieht: Angebot \S+ Version 1, CHF "))
    task.get_by_role("button", name="Bearbeiten").click()
    expect(task.get_by_role("note")).to_contain_text("Bearbeiten ändert nur die Nachricht um das Angebot")


def test_an_english_choice_in_a_german_browser_gets_the_server_texts_in_english(pages, base_url: str) -> None:
    client_reaches_review(pages.new(), base_url)
    page = pages.new(locale="de-CH")
    german_manager_signs_in(page, base_url)
    expect(page.locator(".task [data-part=reason]")).to_contain_text("Jedes Angebot wird geprüft")

    page.get_by_label("Sprache").select_option("en")
    expect(page.locator(".task [data-part=reason]")).to_contain_text(
        "Every offer is reviewed before the client sees it: offer ")
