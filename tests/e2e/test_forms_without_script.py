"""Signing in before the console's script runs (or with scripts off) never puts the password in the URL: the form
is posted, and the address bar, the history and the access log keep no secret. (The server then answers the bare
POST with an error status; without the script the page cannot work, and that is all the browser may log.)"""

from __future__ import annotations

SECRET = "correct horse battery staple"


def test_a_sign_in_submitted_without_the_script_keeps_the_password_out_of_the_url(pages, base_url: str) -> None:
    page = pages.new(javascript=False, expected_errors=("Failed to load resource",))
    page.goto(f"{base_url}/manager")
    page.get_by_label("Manager token or password").fill(SECRET)
    with page.expect_request(lambda request: request.url.startswith(f"{base_url}/manager")) as sent:
        page.get_by_role("button", name="Sign in").click()
    assert sent.value.method == "POST"
    assert "battery" not in sent.value.url and "battery" not in page.url


def test_a_message_submitted_without_the_script_stays_out_of_the_url(pages, base_url: str) -> None:
    page = pages.new(javascript=False, expected_errors=("Failed to load resource",))
    page.goto(f"{base_url}/")
    page.locator("#email").fill("anna@example.com")
    page.locator("#message").fill("We are 30 people, my IBAN is CH93 0076 2011 6238 5295 7")
    with page.expect_request(lambda request: request.url.startswith(base_url) and request.url != f"{base_url}/"
                             or request.method == "POST") as sent:
        page.locator("#composer button[type=submit]").click()
    assert sent.value.method == "POST"
    assert "IBAN" not in sent.value.url and "anna" not in sent.value.url and "IBAN" not in page.url
