"""The pages work under the app's Content-Security-Policy: a client writes, a manager signs in, a deep-link page
renders styled, and chromium reports no CSP violation (no `securitypolicyviolation` event, no console error)."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from live_server import MANAGER_TOKEN  # noqa: E402

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def _watched(pages, **options: object) -> object:
    page = pages.new(**options)
    page.add_init_script(WATCH_VIOLATIONS)
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.csp_console = messages
    return page


def _assert_no_violation(page) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert [text for text in page.csp_console if "Content Security Policy" in text] == []


def test_the_client_page_works_under_the_csp(pages, base_url: str) -> None:
    page = _watched(pages)
    response = page.goto(f"{base_url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_label("Your email").fill("anna@example.com")
    page.get_by_label("Your message").fill("Workshop for 30 people in March, ideally a Tuesday, 9 to 5")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("table", name="Free dates")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.sr-only')).position") == "absolute"
    _assert_no_violation(page)


def test_the_manager_console_works_under_the_csp(pages, base_url: str) -> None:
    page = _watched(pages)
    page.goto(f"{base_url}/manager")
    page.get_by_label("Manager token").fill(MANAGER_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#console")).to_be_visible()
    expect(page.locator("#task-count")).to_have_text("0")
    page.get_by_role("button", name="Refresh").click()
    page.get_by_label("Language").select_option("de")
    expect(page.get_by_role("heading", name="Offene Aufgaben")).to_be_visible()
    _assert_no_violation(page)


def test_a_deep_link_page_is_styled_from_its_stylesheet_under_the_csp(pages, base_url: str) -> None:
    page = _watched(pages, expected_errors=("400",))
    response = page.goto(f"{base_url}/l/forged-token")
    assert response.status == 400
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "640px"
    _assert_no_violation(page)
