"""The manager console signs in with an account's email and password (a session from POST /api/session), keeps the
session token, not the password, and shows a wrong password's error (docs/accounts.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from live_server import CLOCK  # noqa: E402
from venuedesk.accounts.service import create_user  # noqa: E402
from venuedesk.clock import parse_clock  # noqa: E402
from venuedesk.store.db import make_engine  # noqa: E402

PASSWORD = "a long enough passphrase"


def add_account(home: Path, email: str, role: str) -> None:
    """An account in the live server's database, as `venuedesk users create` makes it."""
    engine = make_engine(f"sqlite:///{home / 'venuedesk.sqlite3'}")
    try:
        with Session(engine) as session:
            create_user(session, email, role, PASSWORD, parse_clock(CLOCK))
            session.commit()
    finally:
        engine.dispose()


def sign_in_with_password(page, base_url: str, email: str, password: str) -> None:  # noqa: ANN001
    page.goto(f"{base_url}/manager")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Manager token or password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_manager_signs_in_with_email_and_password(pages, base_url: str, tmp_path: Path) -> None:
    add_account(tmp_path / "home", "max@venue.example", "manager")
    page = pages.new()
    sign_in_with_password(page, base_url, "max@venue.example", PASSWORD)
    expect(page.get_by_role("heading", name="Open tasks")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('venuedesk.manager_token')").startswith("vds_")


def test_a_wrong_password_shows_the_error_and_keeps_the_console_closed(pages, base_url: str,
                                                                       tmp_path: Path) -> None:
    add_account(tmp_path / "home", "max@venue.example", "manager")
    page = pages.new(expected_errors=("status of 401",))
    sign_in_with_password(page, base_url, "max@venue.example", "not the password")
    expect(page.locator("#sign-in-error")).to_contain_text("wrong email or password")
    expect(page.get_by_role("heading", name="Open tasks")).to_be_hidden()


def test_the_console_opens_with_the_cursor_in_the_email_field(pages, base_url: str) -> None:
    page = pages.new()
    page.goto(f"{base_url}/manager")
    expect(page.get_by_label("Email")).to_be_focused()


def test_typing_while_the_language_loads_stays_in_the_field_being_typed_in(pages, base_url: str) -> None:
    page = pages.new()
    held: list = []
    page.route("**/i18n/*.json", lambda route: held.append(route))  # the console's words arrive late
    page.goto(f"{base_url}/manager")
    page.get_by_label("Email").click()
    page.keyboard.type("max@")
    assert len(held) == 1
    with page.expect_response("**/i18n/*.json"):
        held[0].continue_()
    expect(page.locator("#language option")).to_have_count(2)  # the catalogue is in: the language select is filled
    page.keyboard.type("venue.example")
    expect(page.get_by_label("Email")).to_have_value("max@venue.example")
    expect(page.get_by_label("Manager token or password")).to_have_value("")


def test_signing_out_ends_the_session_on_the_server(pages, base_url: str, tmp_path: Path) -> None:
    add_account(tmp_path / "home", "max@venue.example", "manager")
    page = pages.new(expected_errors=("status of 401",))  # the old session's token, tried after sign-out
    sign_in_with_password(page, base_url, "max@venue.example", PASSWORD)
    expect(page.get_by_role("heading", name="Open tasks")).to_be_visible()
    session = page.evaluate("sessionStorage.getItem('venuedesk.manager_token')")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('venuedesk.manager_token')") is None
    status = page.evaluate("""async (token) => (await fetch('/api/hil/tasks', {
        headers: {Authorization: `Bearer ${token}`}})).status""", session)
    assert status == 401
