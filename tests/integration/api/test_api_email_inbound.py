"""The inbound mail webhook (docs/design.md §4.10): a provider posts a raw mail signed with the shared secret;
it is answered once per Message-ID, and a bad signature, a missing secret, an oversized or unreadable body are
refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from api_helpers import MANAGER_TOKEN, SENDER, TABLES, assert_error
from venuedesk.store.catalogue import seed
from venuedesk.store.models import MailMessageRow
from venuedesk.store.venues import add_venue
from venuedesk.transports.api.email_inbound import INBOUND_PATH, SIGNATURE_HEADER, signature_of
from venuedesk.transports.app import create_app
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.settings import ServerSettings
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk

SECRET = "inbound-test-secret"
MAIL = (f"From: Anna <{SENDER}>\r\nTo: desk@venue.example\r\nSubject: Workshop\r\nMessage-ID: <w1@example.com>\r\n"
        "\r\nHello, we would like a workshop for 30 people in March, ideally a Tuesday, 9 to 5.\r\n").encode()


def _client(desk: Desk, tmp_path: Path, mail_settings: MailSettings) -> TestClient:
    app = create_app(desk, manager_token=MANAGER_TOKEN, settings=ServerSettings(home=tmp_path / "home"),
                     mail_settings=mail_settings)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def mail_client(desk: Desk, tmp_path: Path) -> Iterator[TestClient]:
    """The app with an inbound secret and a 256 KiB mail limit (the API's other bodies stay at 64 KiB)."""
    settings = MailSettings(mail_from="desk@venue.example", inbound_secret=SECRET, max_inbound_bytes=256 * 1024)
    with _client(desk, tmp_path, settings) as client:
        yield client


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(table)) or 0 for name, table in TABLES.items()}


def post_mail(client: TestClient, body: bytes = MAIL, *, signature: str | None = None,
              content_type: str = "message/rfc822") -> httpx.Response:
    headers = {"Content-Type": content_type, SIGNATURE_HEADER: signature or signature_of(body, SECRET)}
    return client.post(INBOUND_PATH, content=body, headers=headers)


def test_a_signed_mail_is_accepted_with_its_thread(mail_client: TestClient, desk: Desk):
    response = post_mail(mail_client)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "accepted" and body["message_id"] == "<w1@example.com>"
    view = desk.event_view(body["thread_id"])
    assert view is not None and view["client_email"] == SENDER


def test_an_octet_stream_body_is_taken_as_a_mail(mail_client: TestClient):
    assert post_mail(mail_client, content_type="application/octet-stream").status_code == 202


def test_the_same_mail_posted_twice_is_a_duplicate_and_changes_nothing(mail_client: TestClient, engine: Engine):
    first = post_mail(mail_client).json()
    before = _counts(engine)
    again = post_mail(mail_client)
    assert again.status_code == 202 and again.json()["status"] == "duplicate"
    assert again.json()["thread_id"] == first["thread_id"]
    assert _counts(engine) == before


def test_a_bad_signature_is_401(mail_client: TestClient):
    assert_error(post_mail(mail_client, signature="sha256=" + "0" * 64), 401, "bad_signature")


def test_a_signature_without_its_scheme_is_401(mail_client: TestClient):
    assert_error(post_mail(mail_client, signature=signature_of(MAIL, SECRET).removeprefix("sha256=")), 401,
                 "bad_signature")


def test_a_missing_signature_is_401(mail_client: TestClient):
    response = mail_client.post(INBOUND_PATH, content=MAIL, headers={"Content-Type": "message/rfc822"})
    assert_error(response, 401, "missing_signature")


def test_without_an_inbound_secret_the_webhook_is_503(desk: Desk, tmp_path: Path):
    with _client(desk, tmp_path, MailSettings(inbound_secret=None)) as client:
        error = assert_error(post_mail(client), 503, "inbound_mail_not_configured")
    assert "VENUEDESK_INBOUND_SECRET" in error["message"]


def test_a_mail_over_the_size_limit_is_413(mail_client: TestClient):
    big = MAIL + b"x" * (300 * 1024)
    assert_error(post_mail(mail_client, big), 413, "payload_too_large")


def test_a_mail_above_the_api_body_limit_but_within_the_mail_limit_is_taken(mail_client: TestClient):
    message = EmailMessage()
    message["From"], message["To"], message["Message-ID"] = SENDER, "desk@venue.example", "<w2@example.com>"
    message.set_content("Our floor plan is attached; a workshop for 30 people in March.")
    message.add_attachment(b"%PDF" + b"0" * (90 * 1024), maintype="application", subtype="pdf", filename="plan.pdf")
    body = message.as_bytes()
    assert len(body) > 64 * 1024
    response = post_mail(mail_client, body)
    assert response.status_code == 202, response.text


def test_garbage_is_422_with_the_reason(mail_client: TestClient):
    error = assert_error(post_mail(mail_client, b"\x00\x01 not a mail"), 422, "mail_rejected")
    assert "not taken" in error["message"]


def test_another_content_type_is_415(mail_client: TestClient):
    assert_error(post_mail(mail_client, content_type="application/json"), 415, "unsupported_media_type")


def test_nul_characters_in_a_posted_mail_are_dropped_before_anything_is_stored(mail_client: TestClient, desk: Desk):
    body = MAIL.replace(b"Subject: Workshop", b"Subject: =?utf-8?q?Work=00shop?=").replace(b"30 people", b"30\x00 people")
    response = post_mail(mail_client, body)
    assert response.status_code == 202 and response.json()["status"] == "accepted", response.text
    with desk.uow() as uow:
        history = uow.messages.history(response.json()["thread_id"])
        record = uow.mail.get("<w1@example.com>")
    assert history and not any("\x00" in message.text for message in history)
    assert record is not None and record.subject == "Workshop"


def _venue_of(engine: Engine, message_id: str) -> str:
    with engine.connect() as connection:
        return str(connection.scalar(select(MailMessageRow.venue_id).where(MailMessageRow.message_id == message_id)))


def test_a_mail_posted_to_the_install_wide_path_goes_to_the_venue_it_is_sent_to(mail_client: TestClient,
                                                                                engine: Engine):
    add_venue(engine, "beta", "Beta Hall", datetime(2026, 2, 2, tzinfo=UTC))
    seed(engine, load_catalogue_documents(None), venue_id="beta")
    response = post_mail(mail_client, MAIL.replace(b"To: desk@venue.example", b"To: desk+beta@venue.example"))
    assert response.status_code == 202, response.text
    assert _venue_of(engine, "<w1@example.com>") == "beta"


def test_a_mail_posted_under_a_venues_path_stays_with_that_venue(mail_client: TestClient, engine: Engine):
    add_venue(engine, "beta", "Beta Hall", datetime(2026, 2, 2, tzinfo=UTC))
    seed(engine, load_catalogue_documents(None), venue_id="beta")
    headers = {"Content-Type": "message/rfc822", SIGNATURE_HEADER: signature_of(MAIL, SECRET)}
    response = mail_client.post(f"/v/beta{INBOUND_PATH}", content=MAIL, headers=headers)
    assert response.status_code == 202, response.text
    assert _venue_of(engine, "<w1@example.com>") == "beta"
