"""The manager notifier (transports/mail/manager_notifier.py): its address and language come from the settings and
the venue; an unknown language is refused clearly; with no address nothing can be composed."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from venuedesk.clock import FrozenClock
from venuedesk.transports.mail.manager_notifier import manager_notifier
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.venue.loader import load_venue


class Sent:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.messages.append(message)


class Links:
    def for_decision(self, task_id: str, decision: str, manager_id: str) -> str:
        return f"https://desk.example/l/{task_id}/{decision}"


def _settings(**values: object) -> MailSettings:
    return MailSettings(**{"manager_email": "manager@venue.example", "manager_language": None,
                           "manager_digest_hour": 7, **values})  # type: ignore[arg-type]


def test_the_manager_reads_the_venues_first_language_by_default() -> None:
    notifier = manager_notifier(_settings(), load_venue(), Sent(), Links(), FrozenClock())
    assert (notifier.language, notifier.address, notifier.digest_hour) == ("en", "manager@venue.example", 7)


def test_a_configured_manager_language_wins() -> None:
    assert manager_notifier(_settings(manager_language="de"), load_venue(), Sent(), Links(), FrozenClock()).language \
        == "de"


def test_a_manager_language_without_a_catalogue_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="VENUEDESK_MANAGER_LANGUAGE='xx' has no message catalogue"):
        manager_notifier(_settings(manager_language="xx"), load_venue(), Sent(), Links(), FrozenClock())


def test_a_blank_manager_address_turns_notifications_off() -> None:
    assert manager_notifier(_settings(manager_email="  "), load_venue(), Sent(), Links(), FrozenClock()).address \
        is None


def test_the_digest_hour_must_be_an_hour_of_the_day() -> None:
    with pytest.raises(ValueError, match="manager_digest_hour"):
        _settings(manager_digest_hour=24)
