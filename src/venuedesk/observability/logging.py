"""JSON logs, one object per line, redacted: no raw email address, phone number or IBAN ever reaches a log.

Redaction happens where a record is born (`RedactingRecordFactory`), so every handler sees the same
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
    "httpx2": logging.WARNING,  # the same, in the fork some SDKs and Starlette's test client use
    "httpcore2": logging.WARNING,
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
_DATABASE_MODULES = {"sqlalchemy", "psycopg", "psycopg2", "sqlite3", "asyncpg", "procrastinate"}


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
    if isinstance(value, BaseException) and _from_database(value):
        return _database_message(value)
    return redact(value if isinstance(value, str) else str(value))


def _from_database(error: BaseException) -> bool:
    """A driver's or SQLAlchemy's error: its text may quote statements, parameters or stored data."""
    return type(error).__module__.split(".")[0] in _DATABASE_MODULES


def _database_message(error: BaseException) -> str:
    """What a database error may say in a log: its classes and SQLSTATE, never the server's message, whose
    DETAIL and CONTEXT quote the data (a NUL error quotes the text around it, a duplicate key the key)."""
    original = getattr(error, "orig", None) or error
    state = getattr(original, "sqlstate", None) or getattr(original, "sqlite_errorname", None)
    kind = "" if original is error else f"{type(original).__module__}.{type(original).__qualname__} "
    code = f"(SQLSTATE {state}) " if state else ""
    return f"{kind}{code}the database's message is not logged: it may quote stored data"


def format_exception(exc_info: Any) -> str:
    """A traceback as text, with every database error in its chain reduced to `_database_message`."""
    error = exc_info[1]
    if error is None:
        return "NoneType: None"
    shown = traceback.TracebackException(type(error), error, exc_info[2])
    seen: set[int] = set()
    pairs: list[tuple[traceback.TracebackException | None, BaseException | None]] = [(shown, error)]
    while pairs:
        part, real = pairs.pop()
        if part is None or real is None or id(real) in seen:
            continue
        seen.add(id(real))
        if _from_database(real):
            # `_str` is the one message TracebackException prints for this link of the chain
            setattr(part, "_str", _database_message(real))  # noqa: B010
        pairs += [(part.__cause__, real.__cause__), (part.__context__, real.__context__)]
    return "".join(shown.format()).rstrip("\n")


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
        record.exc_text = format_exception(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    record._redacted = True
    return record


class RedactingRecordFactory:
    """Builds every record with the factory it wraps, then redacts it (`redact_record`). Each instance keeps its
    own base, so another wrapper installed in between (the calendars' secret scrubber, Radicale's) never makes
    a loop."""

    def __init__(self, base: Callable[..., logging.LogRecord]) -> None:
        self.base = base

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(self.base(*args, **kwargs))


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object: time, level, logger, message, extras, exception; all redacted."""

    def format(self, record: logging.LogRecord) -> str:
        redact_record(record)  # message, args and traceback (once per record); the extras are cleaned here
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                payload[key] = _clean(value)
        if record.exc_text:
            payload["exc"] = record.exc_text
        if record.stack_info:
            payload["stack"] = record.stack_info
        return json.dumps(payload, ensure_ascii=False, default=str)


def quiet_third_party_loggers() -> None:
    """Hold the loggers of libraries that log SQL parameters, bodies or token URLs at WARNING."""
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


def install_redacting_factory() -> None:
    """Make logging build every record through a `RedactingRecordFactory` (unless the current factory is one)."""
    current = logging.getLogRecordFactory()
    if not isinstance(current, RedactingRecordFactory):
        logging.setLogRecordFactory(RedactingRecordFactory(current))


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
