"""A client mail's quoted history and signature show in the manager console as a collapsed block under the new text,
which is all the desk read (issue 9 class 1)."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from test_web_pages import EMAIL, manager_signs_in  # noqa: E402

NEW_TEXT = "Workshop for 30 people on 10 March 2026, 9 to 5, in Room B please, no catering."
MAIL = (f"{NEW_TEXT}\n\nBest regards\nAnna Muster\nPhone +41 44 215 77 80\n\n"
        "On Fri, 30 Jan 2026 at 16:40, The Atelier <events@atelier.example> wrote:\n"
        "> Dear Anna, a room for 80 people on 5 May?")


def test_the_quoted_history_of_a_client_mail_is_a_collapsed_block_in_the_conversation(pages, base_url: str) -> None:
    client = pages.new()
    client.goto(f"{base_url}/")
    client.get_by_label("Your email").fill(EMAIL)
    client.get_by_label("Your message").fill(MAIL)
    client.get_by_role("button", name="Send").click()
    expect(client.locator("#waiting")).to_be_visible()
    manager = pages.new()
    manager_signs_in(manager, base_url)
    task = manager.locator(".task").first
    expect(task.locator("[data-part=client]")).to_contain_text("30 guests")
    task.locator("[data-part=conversation] summary").first.click()
    line = task.locator(".line-client").first
    expect(line.locator(".line-text")).to_have_text(NEW_TEXT)
    quoted = line.locator("[data-part=quoted]")
    expect(quoted.locator("summary")).to_have_text("Quoted text and signature (not read by the desk)")
    expect(quoted.locator(".quoted-text")).to_be_hidden()
    quoted.locator("summary").click()
    expect(quoted.locator(".quoted-text")).to_contain_text("80 people on 5 May")
    expect(quoted.locator(".quoted-text")).to_contain_text("+41 44 215 77 80")
