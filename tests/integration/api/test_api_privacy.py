"""`GET /api/privacy/{email}` and `POST /api/privacy/{email}/erase` (docs/privacy.md): owner or manager only,
the export is the client's threads, the erasure reports the threads erased and 0 the second time and deletes the
files the client mailed."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from fastapi.testclient import TestClient

from accounts_helpers import account
from api_helpers import MANAGER, assert_error, ok, open_thread
from venuedesk.transports.mail.receive import receive_mail
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.workflow.desk import Desk

EMAIL = "annelie@brunnschweiler.ch"
INQUIRY = f"Hi, Annelie Brunnschweiler here ({EMAIL}): a workshop for 30 people on 10 March 2026, 9 to 5."


def _client(client: TestClient) -> str:
    thread_id, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY}, headers=headers))
    return thread_id


def test_the_manager_exports_the_clients_threads(client: TestClient) -> None:
    thread_id = _client(client)
    exported = ok(client.get(f"/api/privacy/{EMAIL.upper()}", headers=MANAGER))
    assert [thread["thread_id"] for thread in exported["threads"]] == [thread_id]
    assert exported["threads"][0]["event"]["state"]["client_email"] == EMAIL


def test_the_manager_erases_once_and_then_nothing(client: TestClient) -> None:
    thread_id = _client(client)
    assert ok(client.post(f"/api/privacy/{EMAIL}/erase", headers=MANAGER)) == {"erased": 1, "thread_ids": [thread_id]}
    assert ok(client.post(f"/api/privacy/{EMAIL}/erase", headers=MANAGER)) == {"erased": 0, "thread_ids": []}
    assert ok(client.get(f"/api/privacy/{EMAIL}", headers=MANAGER))["threads"] == []


def test_a_viewer_may_neither_export_nor_erase(client: TestClient) -> None:
    _client(client)
    account(client, "olga@venue.example", "owner")
    viewer = account(client, "vera@venue.example", "viewer")
    assert_error(client.get(f"/api/privacy/{EMAIL}", headers=viewer), 403, "forbidden")
    assert_error(client.post(f"/api/privacy/{EMAIL}/erase", headers=viewer), 403, "forbidden")


def test_the_erasure_is_audited_with_the_account(client: TestClient) -> None:
    thread_id = _client(client)
    account(client, "olga@venue.example", "owner")
    manager = account(client, "max@venue.example", "manager")
    ok(client.post(f"/api/privacy/{EMAIL}/erase", headers=manager))
    audit = ok(client.get(f"/api/threads/{thread_id}/audit", headers=manager))
    assert [entry["actor"] for entry in audit if entry["kind"] == "privacy"] == ["max@venue.example"]


def test_a_client_token_is_refused(client: TestClient) -> None:
    _, headers = open_thread(client)
    assert_error(client.get(f"/api/privacy/{EMAIL}", headers=headers), 403, "forbidden")


def _mailed_with_a_file(desk: Desk, home: Path) -> str:
    """The client's inquiry by mail with her floor plan attached, kept under the home's attachments; its thread."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = f"Annelie Brunnschweiler <{EMAIL}>", "desk@venue.example", "Workshop"
    mail["Message-ID"] = "<annelie.b.4711@brunnschweiler.ch>"
    mail.set_content(INQUIRY)
    mail.add_attachment(b"%PDF-1.4 Annelie Brunnschweiler, Seefeldstrasse 123", maintype="application",
                        subtype="pdf", filename="brunnschweiler-plan.pdf")
    settings = MailSettings(mail_from="desk@venue.example", mail_secret="mail-secret")
    outcome = receive_mail(desk, mail.as_bytes(), settings, home=home)
    assert outcome.status == "accepted" and outcome.thread_id is not None
    return outcome.thread_id


def test_the_erasure_deletes_the_files_the_client_mailed(client: TestClient, desk: Desk, tmp_path: Path) -> None:
    home = tmp_path / "home"
    thread_id = _mailed_with_a_file(desk, home)
    assert [path.name for path in (home / "attachments").rglob("*.pdf")], "the mailed file was kept"
    assert ok(client.post(f"/api/privacy/{EMAIL}/erase", headers=MANAGER))["thread_ids"] == [thread_id]
    assert [path for path in (home / "attachments").rglob("*") if path.is_file()] == []
