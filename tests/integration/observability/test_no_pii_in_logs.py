"""A planted set of personal data (name, IDN email, phones in three forms, a lower-case IBAN, a billing address)
goes through the API, ChatKit, inbound mail, an exception and (on PostgreSQL) the SQL error a NUL used to cause,
at DEBUG; no log line, JSON or plain, and no line a real `venuedesk serve` writes, holds any of it."""

from __future__ import annotations

import io
import logging
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from postgres_server import postgres_url_or_skip
from venuedesk.clock import FrozenClock
from venuedesk.observability.logging import QUIET_LOGGERS, configure_logging
from venuedesk.process_harness import ApiProcess, database_folder
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.transports.api.email_inbound import INBOUND_PATH, SIGNATURE_HEADER, signature_of
from venuedesk.transports.app import create_app
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.settings import ServerSettings
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk

NAME, EMAIL, IBAN = "Annelie Brunnschweiler", "annelie@brunnschweiler-müller.ch", "ch93 0076 2011 6238 5295 7"
PHONES = ("0041-44-123 45 67", "+41 (0)79 555 12 34", "044 987 65 43")
ADDRESS = "Seefeldstrasse 123, 8008 Zürich"
MESSAGE = (f"Hi, I am {NAME}; write to {EMAIL} or call {PHONES[0]} / {PHONES[1]} / {PHONES[2]}. Billing: {NAME}, "
           f"{ADDRESS}, IBAN {IBAN}. A workshop for 30 people on 10 March 2026, 9 to 5.")
PLANTED = ("Brunnschweiler", "Annelie", "brunnschweiler-m", "Seefeldstrasse", *PHONES, IBAN,
           IBAN.replace(" ", ""), IBAN.replace(" ", "").upper(), "5295 7", "123 45 67", "555 12 34", "987 65 43")
MANAGER_TOKEN = "mgr_pii_test_token_0123456789"
MAIL = MailSettings(mail_from="desk@venue.example", mail_secret="mail-secret", inbound_secret="inbound-secret")
NOW = "2026-02-02T09:00:00+01:00"


def leaked(text: str) -> list[str]:
    """Every planted value found in `text`, case-insensitively."""
    lower = text.lower()
    return [value for value in PLANTED if value.lower() in lower]


@pytest.fixture
def logs() -> Iterator[tuple[io.StringIO, list[str]]]:
    """The JSON log at DEBUG, and every record formatted plainly (message and traceback) by a second handler;
    the logging configuration is put back afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogRecordFactory(),
             {name: logging.getLogger(name).level for name in QUIET_LOGGERS})
    buffer, plain = io.StringIO(), []
    configure_logging("DEBUG", buffer)
    raw = logging.Handler(logging.DEBUG)
    plain_format = logging.Formatter("%(name)s %(message)s")
    raw.emit = lambda record: plain.append(plain_format.format(record))  # type: ignore[method-assign]
    root.addHandler(raw)
    try:
        yield buffer, plain
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
        logging.setLogRecordFactory(saved[2])
        for name, level in saved[3].items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    seed(engine, load_catalogue_documents())
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def client(engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    desk = Desk(engine, FrozenClock(datetime.fromisoformat(NOW)))
    app = create_app(desk, manager_token=MANAGER_TOKEN, settings=ServerSettings(home=tmp_path / "home"),
                     mail_settings=MAIL)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _chatkit_create(text: str) -> bytes:
    from chatkit.types import (InferenceOptions, ThreadCreateParams, ThreadsCreateReq, UserMessageInput,
                               UserMessageTextContent)

    request = ThreadsCreateReq(params=ThreadCreateParams(input=UserMessageInput(
        content=[UserMessageTextContent(text=text)], attachments=[], inference_options=InferenceOptions())))
    return request.model_dump_json(by_alias=True, exclude_none=True).encode()


def _mail(message_id: str) -> bytes:
    mail = EmailMessage()
    mail["From"] = f"{NAME} <{EMAIL}>"
    mail["To"] = "desk@venue.example"
    mail["Subject"] = f"Workshop – {NAME}, {PHONES[2]}"
    mail["Message-ID"] = message_id
    mail.set_content(MESSAGE)
    return bytes(mail)


@pytest.mark.filterwarnings("ignore:Direct usage of named widget classes:DeprecationWarning")
def test_planted_personal_data_never_reaches_a_log_line(
    client: TestClient, logs: tuple[io.StringIO, list[str]], monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    created = client.post("/api/threads").json()
    headers = {"Authorization": f"Bearer {created['client_token']}"}
    api = client.post(f"/api/threads/{created['thread_id']}/messages", json={"text": MESSAGE, "from": EMAIL},
                      headers=headers)
    assert api.status_code == 200, api.text
    assert client.post("/chatkit", content=_chatkit_create(MESSAGE),
                       headers={"content-type": "application/json"}).status_code == 200
    client.cookies.clear()  # the webhook below is a server-to-server post, not the ChatKit page's cookie
    body = _mail("<pii-1@example.com>")
    mail = client.post(INBOUND_PATH, content=body, headers={
        "content-type": "message/rfc822", SIGNATURE_HEADER: signature_of(body, "inbound-secret")})
    assert mail.status_code == 202, mail.text

    def failing(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"billing failed for {EMAIL}, {IBAN}, {PHONES[0]}, {PHONES[1]}, {PHONES[2]}")

    with monkeypatch.context() as patch:  # an unexpected error: a 500, logged with its traceback
        patch.setattr(Desk, "handle_message", failing)
        assert client.post(f"/api/threads/{created['thread_id']}/messages", json={"text": "hello again"},
                           headers=headers).status_code == 500
    with monkeypatch.context() as patch:  # the reported path: a NUL past the transports reaches the database
        patch.setattr("venuedesk.transports.chatkit.router._unstorable", lambda _body: None)
        patch.setattr("venuedesk.workflow.desk.text_problem", lambda _value: None)
        client.post("/chatkit", content=_chatkit_create(MESSAGE.replace("Billing:", "Billing:\x00")),
                    headers={"content-type": "application/json"})
    json_log, plain = logs
    assert json_log.getvalue() and plain, "nothing was logged: the test would prove nothing"
    if database_url.startswith("postgresql"):
        assert "UntranslatableCharacter" in json_log.getvalue(), "the NUL never reached PostgreSQL's error path"
    assert leaked(json_log.getvalue()) == []
    assert leaked("\n".join(plain)) == []


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_real_server_at_debug_writes_no_planted_personal_data(backend: str) -> None:
    pg_url = postgres_url_or_skip("PostgreSQL tests need VENUEDESK_TEST_POSTGRES_URL") if backend == "postgres" else ""
    with database_folder(backend, pg_url) as (folder, url):
        server = ApiProcess(Path(sys.executable).with_name("venuedesk"), url, folder,
                            extra_env={"VENUEDESK_LOG_LEVEL": "DEBUG"})
        server.start()
        try:
            server.wait_ready()
            with httpx.Client(base_url=server.base_url, timeout=30, trust_env=False) as http:
                created = http.post("/api/threads").json()
                reply = http.post(f"/api/threads/{created['thread_id']}/messages",
                                  json={"text": MESSAGE, "from": EMAIL},
                                  headers={"Authorization": f"Bearer {created['client_token']}"})
                assert reply.status_code == 200, reply.text
                refused = http.post(f"/api/threads/{created['thread_id']}/messages",
                                    json={"text": MESSAGE + "\x00", "from": EMAIL},
                                    headers={"Authorization": f"Bearer {created['client_token']}"})
                assert refused.status_code == 422
        finally:
            server.stop()
        output = (folder / "server.log").read_text(encoding="utf-8", errors="replace")
    assert re.search(r'"level": "(debug|info)"', output), "the server logged nothing at DEBUG/INFO"
    assert leaked(output) == []
