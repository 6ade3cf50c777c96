"""JSON logs, one object per line, redacted: no raw email address, phone number or IBAN ever reaches a log.

Redaction happens where a record is born (`redacting_record_factory`), so every handler sees the same
redacted record: ours, uvicorn's, a test's capture. The message and each of its `args` are redacted (the args
stay separate, for filters that read them), a traceback is rendered and redacted into `exc_text` (which
formatters reuse), and the JSON formatter redacts the extras. Third-party loggers that write SQL parameters,
request bodies, mail bodies or URLs with tokens at INFO or DEBUG are held at WARNING (`QUIET_LOGGERS`) whatever
the level asked for.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Mapping
from datetime import datetime, UTC
from numbers import Number
from typing import Any

from venuedesk.observability.redaction import redact

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
QUIET_LOGGERS: dict[str, int] = {
    "sqlalchemy": logging.WARNING,  # engine echo: SQL with parameters (engines also set hide_parameters)
    "psycopg": logging.WARNING,
    "httpx": logging.WARNING,  # request URLs, which may carry tokens
    "httpcore": logging.WARNING,
    "aiosmtplib": logging.WARNING,
    "mail.log": logging.WARNING,  # aiosmtpd: SMTP conversations, mail bodies at DEBUG
    "aiosmtpd": logging.WARNING,
    "openai": logging.WARNING,  # SDK debug logs print request bodies (prompts, client text)
    "openai.agents": logging.WARNING,
    "mistralai": logging.WARNING,
    "langchain": logging.WARNING,
    "langchain_core": logging.WARNING,
    "procrastinate": logging.WARNING,  # job arguments at INFO
    "caldav": logging.WARNING,
    "urllib3": logging.WARNING,
    "multipart": logging.WARNING,
    "python_multipart": logging.WARNING,
}
_BASE_FACTORY: Callable[..., logging.LogRecord] | None = None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return redact(str(value))


def _arg(value: Any) -> Any:
    """A format argument redacted; numbers stay numbers so `%d` and `%.2f` still format."""
    if isinstance(value, (Number, bool)) or value is None:
        return value
    return redact(value if isinstance(value, str) else str(value))


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record with message, each of its args, traceback and stack redacted in place (once); the args stay
    separate so a filter that reads them (the access log's) still can. (Extras are set after the factory runs:
    the JSON formatter redacts them.)"""
    if getattr(record, "_redacted", False):
        return record
    record.msg = redact(record.msg) if isinstance(record.msg, str) else redact(str(record.msg))
    if isinstance(record.args, Mapping):
        record.args = {key: _arg(value) for key, value in record.args.items()}
    elif record.args:
        record.args = tuple(_arg(value) for value in record.args)
    if record.exc_info and not record.exc_text:
        record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    record._redacted = True
    return record


def redacting_record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    """Every record, as logging builds it, already redacted (`redact_record`)."""
    base = _BASE_FACTORY or logging.LogRecord
    return redact_record(base(*args, **kwargs))


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object: time, level, logger, message, extras, exception; all redacted."""

    def format(self, record: logging.LogRecord) -> str:
        redact_record(record)
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                payload[key] = value
        if record.exc_text:
            payload["exc"] = record.exc_text
        if record.stack_info:
            payload["stack"] = record.stack_info
        return json.dumps(_clean(payload), ensure_ascii=False, default=str)


def quiet_third_party_loggers() -> None:
    """Hold the loggers of libraries that log SQL parameters, bodies or token URLs at WARNING."""
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


def install_redacting_factory() -> None:
    """Make logging build every record through `redacting_record_factory` (once per process)."""
    global _BASE_FACTORY
    current = logging.getLogRecordFactory()
    if current is not redacting_record_factory:
        _BASE_FACTORY = current
        logging.setLogRecordFactory(redacting_record_factory)


def configure_logging(level: str | None = None, stream: Any = None) -> None:
    """Route all logging through one redacting JSON handler (level from VENUEDESK_LOG_LEVEL, default warning),
    records redacted at birth, noisy third-party loggers held at WARNING."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel((level or os.environ.get("VENUEDESK_LOG_LEVEL") or "WARNING").upper())
    install_redacting_factory()
    quiet_third_party_loggers()
