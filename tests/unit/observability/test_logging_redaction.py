"""Every log record is redacted where it is born (message, args, traceback), whichever handler writes it, and the
libraries that log SQL parameters, bodies or token URLs stay quiet below WARNING."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError

from venuedesk.observability.logging import QUIET_LOGGERS, configure_logging
from venuedesk.store.db import make_engine

NAME = "Annelie Brunnschweiler"
EMAIL, IBAN, PHONE = "anna@müller.ch", "ch93 0076 2011 6238 5295 7", "0041-44-123 45 67"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """configure_logging at DEBUG into a buffer; the root logger, the record factory and the library levels are
    put back afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogRecordFactory(),
             {name: logging.getLogger(name).level for name in QUIET_LOGGERS})
    buffer = io.StringIO()
    configure_logging("DEBUG", buffer)
    try:
        yield buffer
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
        logging.setLogRecordFactory(saved[2])
        for name, level in saved[3].items():
            logging.getLogger(name).setLevel(level)


def test_format_args_are_redacted_and_stay_separate(stream: io.StringIO) -> None:
    capture: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = capture.append  # type: ignore[method-assign]
    logging.getLogger("venuedesk.test").addHandler(handler)
    try:
        logging.getLogger("venuedesk.test").info("client %s paid from %s (%d)", EMAIL, IBAN, 3)
    finally:
        logging.getLogger("venuedesk.test").removeHandler(handler)
    [record] = capture
    assert record.args == ("[email]", "[iban]", 3)
    assert record.getMessage() == "client [email] paid from [iban] (3)"
    assert EMAIL not in stream.getvalue() and "[iban]" in stream.getvalue()


def test_a_traceback_is_redacted_for_every_handler(stream: io.StringIO) -> None:
    capture: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = capture.append  # type: ignore[method-assign]
    logging.getLogger("venuedesk.test").addHandler(handler)
    try:
        try:
            raise ValueError(f"bad billing for {EMAIL}, call {PHONE}")
        except ValueError:
            logging.getLogger("venuedesk.test").exception("turn failed")
    finally:
        logging.getLogger("venuedesk.test").removeHandler(handler)
    plain = logging.Formatter().format(capture[0])
    assert "ValueError" in plain and EMAIL not in plain and PHONE not in plain
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert "ValueError: bad billing for [email], call [phone]" in line["exc"]


def test_extras_are_redacted_in_the_json_line(stream: io.StringIO) -> None:
    logging.getLogger("venuedesk.test").warning("mail", extra={"sender": EMAIL, "meta": {"iban": IBAN}})
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["sender"] == "[email]" and line["meta"] == {"iban": "[iban]"}


@pytest.mark.parametrize("name", ["sqlalchemy.engine.Engine", "psycopg", "httpx", "aiosmtplib", "mail.log", "openai",
                                  "mistralai", "langchain_core", "procrastinate.worker"])
def test_libraries_that_log_parameters_or_bodies_stay_quiet_at_debug(stream: io.StringIO, name: str) -> None:
    logging.getLogger(name).info("POST /v1 body=%s", "Anna Muster")
    logging.getLogger(name).debug("params %s", "Anna Muster")
    assert "Anna Muster" not in stream.getvalue()


def test_a_failed_statement_never_shows_its_parameters(stream: io.StringIO) -> None:
    engine = make_engine("sqlite://", echo=True)
    try:
        with engine.connect() as connection, pytest.raises(StatementError) as caught:
            connection.execute(text("SELECT :who FROM no_such_table"), {"who": "Anna Muster"})
    finally:
        engine.dispose()
    assert "Anna Muster" not in str(caught.value) and "hidden due to hide_parameters" in str(caught.value)
    assert "Anna Muster" not in stream.getvalue()


def test_a_database_error_is_logged_by_class_and_sqlstate_never_by_its_message(stream: io.StringIO) -> None:
    engine = make_engine("sqlite://")
    try:
        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE people (name TEXT UNIQUE)"))
            connection.execute(text("INSERT INTO people VALUES (:name)"), {"name": NAME})
            try:
                connection.execute(text("INSERT INTO people VALUES (:name)"), {"name": NAME})
            except StatementError as error:
                logging.getLogger("venuedesk.test").exception("insert failed")
                logging.getLogger("venuedesk.test").warning("insert failed: %s", error)
    finally:
        engine.dispose()
    output = stream.getvalue()
    assert "sqlalchemy.exc.IntegrityError" in output and "sqlite3.IntegrityError" in output
    assert NAME not in output and "UNIQUE constraint failed" not in output


def test_another_record_factory_wrapped_around_ours_makes_no_loop(stream: io.StringIO) -> None:
    ours = logging.getLogRecordFactory()

    def wrapper(*args: object, **kwargs: object) -> logging.LogRecord:
        return ours(*args, **kwargs)

    logging.setLogRecordFactory(wrapper)
    configure_logging("DEBUG", stream)
    logging.getLogger("venuedesk.test").warning("from %s", EMAIL)
    assert stream.getvalue().count("from [email]") == 1
