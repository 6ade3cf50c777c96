"""The web pages ask for their words by key; every key they name exists in every catalogue (EN and DE)."""

from __future__ import annotations

import re
import pytest

from venuedesk import i18n
from venuedesk.transports.web.router import STATIC_DIR

# t("key", ...), data-i18n*="key", and keys kept in tables such as ["console.approve_confirmation", "..."].
KEY_PATTERNS = [re.compile(r'\bt\(\s*"([a-z0-9_.]+)"'),
                re.compile(r'data-i18n(?:-md|-placeholder|-label|-code)?="([a-z0-9_.]+)"'),
                re.compile(r'\[\s*"((?:console|booking)\.[a-z0-9_.]+)"')]


def page_keys() -> set[str]:
    """Every literal message key the pages' HTML and scripts name (without the `ui.` prefix)."""
    keys: set[str] = set()
    for path in sorted(STATIC_DIR.iterdir()):
        if path.suffix in (".js", ".html"):
            text = path.read_text(encoding="utf-8")
            keys.update(key for pattern in KEY_PATTERNS for key in pattern.findall(text))
    return keys


def test_the_pages_name_their_words_by_key() -> None:
    assert {"send", "console.discount_send", "console.deposit.mark", "console.approve_confirmation"} <= page_keys()


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_key_the_pages_name_is_in_the_catalogue(language: str) -> None:
    messages = i18n.CATALOGUE.messages(language)
    missing = sorted(key for key in page_keys() if f"ui.{key}" not in messages)
    assert missing == [], f"add these ui.* keys to locale/{language}/LC_MESSAGES/venuedesk.po: {missing}"


@pytest.mark.parametrize("status", ["option", "confirmed", "cancelled", "lost"])
def test_the_client_page_names_every_booking_status_in_every_language(status: str) -> None:
    for language in ("en", "de"):
        assert f"ui.booking.{status}" in i18n.CATALOGUE.messages(language)


@pytest.mark.parametrize("task_type", ["counter_offer", "counter_limit", "confirmation_approval", "cancellation",
                                       "reply_approval"])
def test_the_console_names_every_lifecycle_task_type_in_every_language(task_type: str) -> None:
    script = (STATIC_DIR / "manager-task.js").read_text(encoding="utf-8")
    assert f"{task_type}:" in script
    for language in ("en", "de"):
        assert f"ui.console.task_type.{task_type}" in i18n.CATALOGUE.messages(language)
