"""The access-log filter: deep-link tokens and secret query parameters never reach a log line."""

from __future__ import annotations

import logging

from venuedesk.transports.access_log import AccessLogRedaction, redact_url


def test_a_deep_link_token_in_the_path_is_redacted() -> None:
    assert redact_url("/l/a.eyJ0aHJlYWQiOiJ0XzEifQ.abc") == "/l/[redacted]"


def test_a_token_query_parameter_is_redacted_and_others_stay() -> None:
    assert redact_url("/api/threads/t1?token=tok_secret&limit=5") == "/api/threads/t1?token=[redacted]&limit=5"


def test_a_path_without_secrets_is_unchanged() -> None:
    assert redact_url("/api/hil/tasks?status=open") == "/api/hil/tasks?status=open"


def test_the_filter_rewrites_the_path_argument_of_an_access_record() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/l/a.secret-token", "1.1", 200), None)
    AccessLogRedaction().filter(record)
    assert "secret-token" not in record.getMessage() and "/l/[redacted]" in record.getMessage()
