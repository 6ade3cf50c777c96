"""Logs and spans never carry a raw email address, phone number or IBAN."""

from __future__ import annotations

import io
import json
import logging

import pytest

from venuedesk.observability.logging import JsonFormatter, configure_logging
from venuedesk.observability.redaction import redact


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("write to anna.meier@example.com please", "anna.meier@example.com"),
        ("call +41 79 123 45 67 tomorrow", "+41 79 123 45 67"),
        ("call 079 123 45 67", "079 123 45 67"),
        ("Tel. 0041 44 268 12 34", "0041 44 268 12 34"),
        ("IBAN CH93 0076 2011 6238 5295 7", "CH93 0076 2011 6238 5295 7"),
        ("IBAN DE89370400440532013000", "DE89370400440532013000"),
    ],
)
def test_redact_removes_personal_data(text: str, hidden: str) -> None:
    assert hidden not in redact(text)


@pytest.mark.parametrize(
    "text",
    ["workshop on 2026-03-10 from 09:00-17:00", "30 people on 10.03.2026", "total CHF 2090.00", "room-b"],
)
def test_redact_keeps_dates_times_and_amounts(text: str) -> None:
    assert redact(text) == text


def test_json_formatter_writes_one_redacted_object_per_line() -> None:
    record = logging.LogRecord("venuedesk.test", logging.WARNING, __file__, 1, "mail from %s", ("a@b.ch",), None)
    record.sender = "max@firma.ch"
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert data["level"] == "warning" and data["logger"] == "venuedesk.test"
    assert "a@b.ch" not in line and "max@firma.ch" not in line
    assert data["msg"] == "mail from [email]" and data["sender"] == "[email]"


def test_configured_logging_redacts_exceptions() -> None:
    stream = io.StringIO()
    configure_logging("INFO", stream)
    try:
        raise ValueError("bad IBAN CH93 0076 2011 6238 5295 7 for anna@example.com")
    except ValueError:
        logging.getLogger("venuedesk.test").exception("tool failed")
    output = stream.getvalue()
    assert "tool failed" in output
    assert "anna@example.com" not in output and "CH93 0076" not in output
    logging.getLogger().handlers.clear()
