"""The console's Accounts page (/manager/accounts, docs/accounts.md): an owner creates an account, changes its role
and disables it after a confirmation; the last owner's 409 is shown with its reason; managers and viewers see no
link and an owner-only notice; every name stays text; the keyboard, a phone and the CSP all work."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from e2e_helpers import PHONE, screenshot  # noqa: E402
from test_csp_pages import WATCH_VIOLATIONS  # noqa: E402
from test_manager_account_sign_in import PASSWORD, add_account  # noqa: E402

OWNER = "olga@venue.example"
NEW_PASSWORD = "another long passphrase"


def _sign_in(page, base_url: str, email: str) -> None:  # noqa: ANN001
    """Sign in with email and password once the console's script is running (its language list is filled)."""
    page.goto(f"{base_url}/manager")
    expect(page.locator("#language option")).to_have_count(2)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Manager token or password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Open tasks")).to_be_visible()


def _owner_on_accounts(pages, base_url: str, tmp_path: Path, viewport=None, **options):  # noqa: ANN001, ANN202
    """Olga (the only owner) signed in and on the Accounts page, reached by the console's link."""
    add_account(tmp_path / "home", OWNER, "owner")
    page = pages.new(viewport, **options)
    page.add_init_script(WATCH_VIOLATIONS)
    _sign_in(page, base_url, OWNER)
    nav = page.get_by_role("navigation", name="Console")
    nav.get_by_role("link", name="Accounts").click()
    expect(page).to_have_url(f"{base_url}/manager/accounts")
    expect(_row(page, OWNER)).to_be_visible()
    return page


def _row(page, email: str):  # noqa: ANN001, ANN202
    return page.locator("#account-list tbody tr").filter(has_text=email)


def _create(page, email: str, role: str) -> None:  # noqa: ANN001
    page.get_by_label("Email (their sign-in)").fill(email)
    page.get_by_label("Role", exact=True).select_option(role)
    page.get_by_label("Initial password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()


def _no_csp_violation(page) -> None:  # noqa: ANN001
    assert page.evaluate("window.__cspViolations") == []


def test_an_owner_creates_a_manager_makes_them_viewer_and_disables_them(pages, base_url: str,
                                                                        tmp_path: Path) -> None:
    page = _owner_on_accounts(pages, base_url, tmp_path)
    _create(page, "max@venue.example", "manager")
    expect(page.locator("#created-text")).to_contain_text("Account created: max@venue.example as Manager")
    assert page.locator("#created-token").input_value().startswith("vdp_")
    row = _row(page, "max@venue.example")
    expect(row.locator('[data-part="role"]')).to_have_text("Manager")
    expect(row).to_contain_text("Never")

    row.get_by_label("Role of max@venue.example", exact=True).select_option("viewer")
    row.get_by_role("button", name="Save the role of max@venue.example").click()
    expect(page.locator("#notice")).to_contain_text("max@venue.example is now Viewer")
    expect(row.locator('[data-part="role"]')).to_have_text("Viewer")

    row.get_by_role("button", name="Disable max@venue.example").click()
    dialog = page.get_by_role("dialog", name="Disable this account?")
    expect(dialog).to_contain_text("max@venue.example can no longer sign in")
    dialog.get_by_role("button", name="Disable account").click()
    expect(page.locator("#notice")).to_have_text("max@venue.example is disabled.")
    expect(row).to_contain_text("Disabled")
    expect(row.get_by_role("button")).to_have_text(["Enable"])  # a disabled account can only be enabled again

    changes = page.locator("#change-list tbody tr")
    expect(changes.nth(0)).to_contain_text("Disabled")
    expect(changes.nth(1)).to_contain_text("Role: Manager → Viewer")
    expect(changes.nth(2)).to_contain_text("Created as Manager")
    expect(changes.nth(0)).to_contain_text(OWNER)
    assert "argon2" not in page.content()
    _no_csp_violation(page)
    page.get_by_role("button", name="Done, hide the token").click()
    expect(page.locator("#created")).to_be_hidden()
    screenshot(page, "accounts", docs="accounts.png", full_page=True)


def test_an_owner_enables_a_disabled_account_again(pages, base_url: str, tmp_path: Path) -> None:
    page = _owner_on_accounts(pages, base_url, tmp_path)
    _create(page, "max@venue.example", "manager")
    row = _row(page, "max@venue.example")
    row.get_by_role("button", name="Disable max@venue.example").click()
    page.get_by_role("dialog").get_by_role("button", name="Disable account").click()
    expect(row).to_contain_text("Disabled")
    row.get_by_role("button", name="Enable max@venue.example again").click()
    expect(page.locator("#notice")).to_contain_text("max@venue.example is enabled again")
    expect(row).not_to_contain_text("Disabled")
    expect(row.get_by_role("button", name="Disable max@venue.example")).to_be_visible()
    expect(page.locator("#change-list tbody tr").nth(0)).to_contain_text("Enabled again")
    _no_csp_violation(page)


def test_the_last_owner_cannot_be_demoted_and_the_page_says_why(pages, base_url: str, tmp_path: Path) -> None:
    page = _owner_on_accounts(pages, base_url, tmp_path, expected_errors=("status of 409",))
    row = _row(page, OWNER)
    row.get_by_label(f"Role of {OWNER}", exact=True).select_option("manager")
    row.get_by_role("button", name=f"Save the role of {OWNER}").click()
    expect(page.get_by_role("alert")).to_contain_text(f"The role of {OWNER} stays Owner:")
    expect(page.get_by_role("alert")).to_contain_text("is the last enabled owner and cannot be made manager; make "
                                                      "another account owner first")
    expect(row.locator('[data-part="role"]')).to_have_text("Owner")
    expect(row.get_by_label(f"Role of {OWNER}", exact=True)).to_have_value("owner")
    _no_csp_violation(page)


def test_the_last_owner_cannot_be_disabled_and_the_page_says_why(pages, base_url: str, tmp_path: Path) -> None:
    page = _owner_on_accounts(pages, base_url, tmp_path, expected_errors=("status of 409",))
    _row(page, OWNER).get_by_role("button", name=f"Disable {OWNER}").click()
    page.get_by_role("dialog").get_by_role("button", name="Disable account").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{OWNER} stays enabled:")
    expect(page.get_by_role("alert")).to_contain_text("last enabled owner")
    expect(_row(page, OWNER)).to_contain_text("Active")


def test_cancelling_the_confirmation_disables_nothing(pages, base_url: str, tmp_path: Path) -> None:
    page = _owner_on_accounts(pages, base_url, tmp_path)
    _create(page, "max@venue.example", "manager")
    disable = _row(page, "max@venue.example").get_by_role("button", name="Disable max@venue.example")
    disable.click()
    expect(page.get_by_role("dialog").get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(disable).to_be_focused()
    expect(_row(page, "max@venue.example")).to_contain_text("Active")


def test_a_taken_email_is_shown_at_the_email_field(pages, base_url: str, tmp_path: Path) -> None:
    page = _owner_on_accounts(pages, base_url, tmp_path, expected_errors=("status of 409",))
    _create(page, "OLGA@venue.example", "manager")
    expect(page.locator("#create-error")).to_contain_text("an account for olga@venue.example exists already")
    expect(page.get_by_label("Email (their sign-in)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Email (their sign-in)")).to_be_focused()


def test_a_short_password_is_shown_at_the_password_field(pages, base_url: str, tmp_path: Path) -> None:
    page = _owner_on_accounts(pages, base_url, tmp_path, expected_errors=("status of 422",))
    page.get_by_label("Email (their sign-in)").fill("max@venue.example")
    page.get_by_label("Initial password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#create-error")).to_contain_text("12")
    expect(page.get_by_label("Initial password")).to_be_focused()


def test_an_account_name_is_shown_as_text_never_as_markup(pages, base_url: str, tmp_path: Path) -> None:
    add_account(tmp_path / "home", "<img/src=x/onerror=alert(1)>@venue.example", "manager")
    page = _owner_on_accounts(pages, base_url, tmp_path)
    expect(_row(page, "<img/src=x/onerror=alert(1)>@venue.example")).to_be_visible()
    assert page.locator("#account-list img, #change-list img").count() == 0
    _no_csp_violation(page)


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_a_viewer_or_manager_sees_no_link_and_an_owner_only_notice(pages, base_url: str, tmp_path: Path,
                                                                   role: str) -> None:
    add_account(tmp_path / "home", OWNER, "owner")
    add_account(tmp_path / "home", "vera@venue.example", role)
    page = pages.new()
    page.add_init_script(WATCH_VIOLATIONS)
    _sign_in(page, base_url, "vera@venue.example")
    nav = page.get_by_role("navigation", name="Console")
    expect(nav.get_by_role("link", name="Calendar")).to_be_visible()
    expect(nav.get_by_role("link", name="Accounts")).to_be_hidden()
    page.goto(f"{base_url}/manager/accounts")
    expect(page.get_by_role("heading", name="Only an owner manages accounts")).to_be_focused()
    expect(page.locator("#forbidden-text")).to_contain_text(f"vera@venue.example has the role {role.title()}")
    expect(page.locator("#accounts")).to_be_hidden()
    expect(nav.get_by_role("link", name="Accounts")).to_be_hidden()
    _no_csp_violation(page)


def test_the_page_works_from_the_keyboard(pages, base_url: str, tmp_path: Path) -> None:
    page = _owner_on_accounts(pages, base_url, tmp_path)
    page.get_by_label("Email (their sign-in)").focus()
    page.keyboard.type("max@venue.example")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # from manager to viewer
    page.keyboard.press("Tab")
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("#created")).to_be_focused()
    expect(_row(page, "max@venue.example").locator('[data-part="role"]')).to_have_text("Viewer")
    _row(page, "max@venue.example").get_by_label("Role of max@venue.example", exact=True).focus()
    page.keyboard.press("ArrowUp")  # from viewer to manager
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(_row(page, "max@venue.example").locator('[data-part="role"]')).to_have_text("Manager")
    expect(_row(page, "max@venue.example").get_by_role("button", name="Save the role of max@venue.example")) \
        .to_be_focused()
    page.keyboard.press("Tab")  # to Disable
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")  # from Cancel to Disable account
    page.keyboard.press("Enter")
    expect(_row(page, "max@venue.example")).to_contain_text("Disabled")


def test_the_page_fits_a_phone(pages, base_url: str, tmp_path: Path) -> None:
    page = _owner_on_accounts(pages, base_url, tmp_path, PHONE)
    _create(page, "maximilian.long-address@events.venue.example", "manager")
    expect(_row(page, "maximilian.long-address@events.venue.example")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    expect(_row(page, OWNER).get_by_role("button", name=f"Disable {OWNER}")).to_be_in_viewport()
    _no_csp_violation(page)
    screenshot(page, "accounts-phone", full_page=True)
