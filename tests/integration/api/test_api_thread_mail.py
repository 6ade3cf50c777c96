"""The manager reads a mailed thread's mails and downloads the files kept with them; nothing else is served."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api_helpers import INQUIRY, MANAGER, SENDER, assert_error, ok, open_thread
from venuedesk.store.token_hash import token_digest
from venuedesk.transports.mail.receive import receive_mail
from venuedesk.transports.mail.settings import MailSettings

SETTINGS = MailSettings(mail_from="desk@venue.example", mail_secret="mail-secret", inbound_secret="inbound-secret",
                        max_attachment_bytes=4096, max_attachments=3)
PLAN = b"%PDF-1.4 floor plan"


def _state(client: TestClient) -> Any:
    """The app's state: its Desk and its home folder."""
    return client.app.state  # type: ignore[attr-defined]


def _mail_with_files(client: TestClient, message_id: str = "<files@example.com>") -> str:
    """A client mail with a PDF (kept, with an umlaut in its name) and an .exe (refused); its thread id."""
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = "desk@venue.example"
    message["Subject"] = "Workshop in March"
    message["Message-ID"] = message_id
    message.set_content(f"{INQUIRY} Our floor plan is attached.")
    message.add_attachment(PLAN, maintype="application", subtype="pdf", filename="Grundriss Säle.pdf")
    message.add_attachment(b"MZ", maintype="application", subtype="x-msdownload", filename="invoice.exe")
    outcome = receive_mail(_state(client).desk, message.as_bytes(), SETTINGS, home=_state(client).home)
    assert outcome.status == "accepted", outcome
    return str(outcome.thread_id)


def _download(client: TestClient, thread_id: str) -> str:
    mails = ok(client.get(f"/api/threads/{thread_id}/mail", headers=MANAGER))
    return next(item["download"] for item in mails[0]["attachments"] if item["download"])


def test_the_manager_lists_a_thread_s_mails_with_kept_and_refused_files(client: TestClient) -> None:
    thread_id = _mail_with_files(client)
    mails = ok(client.get(f"/api/threads/{thread_id}/mail", headers=MANAGER))
    assert [(mail["subject"], mail["outcome"]) for mail in mails] == [("Workshop in March", "accepted")]
    files = {item["filename"]: item for item in mails[0]["attachments"]}
    assert files["Grundriss Säle.pdf"]["download"].startswith(f"/api/threads/{thread_id}/attachments/")
    assert files["Grundriss Säle.pdf"]["size"] == len(PLAN)
    assert files["invoice.exe"]["download"] is None and "not accepted" in files["invoice.exe"]["refused"]
    assert SENDER not in str(mails)


def test_mails_are_listed_oldest_first(client: TestClient) -> None:
    thread_id = _mail_with_files(client)
    follow_up = EmailMessage()
    follow_up["From"], follow_up["To"], follow_up["Subject"] = SENDER, "desk@venue.example", "Re: Workshop in March"
    follow_up["Message-ID"], follow_up["In-Reply-To"] = "<second@example.com>", "<files@example.com>"
    follow_up.set_content("Make it 35 people.")
    receive_mail(_state(client).desk, follow_up.as_bytes(), SETTINGS, home=_state(client).home)
    mails = ok(client.get(f"/api/threads/{thread_id}/mail", headers=MANAGER))
    assert [mail["subject"] for mail in mails] == ["Workshop in March", "Re: Workshop in March"]


def test_a_chat_thread_has_no_mail(client: TestClient) -> None:
    thread_id, _ = open_thread(client)
    assert ok(client.get(f"/api/threads/{thread_id}/mail", headers=MANAGER)) == []


def test_an_unknown_thread_s_mail_is_404(client: TestClient) -> None:
    assert_error(client.get("/api/threads/thr_nope/mail", headers=MANAGER), 404, "not_found")


def test_a_kept_file_downloads_under_its_original_name_and_type(client: TestClient) -> None:
    thread_id = _mail_with_files(client)
    response = client.get(_download(client, thread_id), headers=MANAGER)
    assert response.status_code == 200 and response.content == PLAN
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=\"Grundriss Sale.pdf\"")
    assert "filename*=UTF-8''Grundriss%20S%C3%A4le.pdf" in disposition


def test_a_file_of_another_thread_is_404(client: TestClient) -> None:
    thread_id = _mail_with_files(client)
    other = _mail_with_files(client, "<other@example.com>")
    name = _download(client, thread_id).rsplit("/", 1)[1]
    assert other != thread_id
    (Path(_state(client).home) / "attachments" / other / "stray.pdf").write_bytes(b"x")
    assert client.get(f"/api/threads/{other}/attachments/{name}", headers=MANAGER).status_code == 200
    assert_error(client.get(f"/api/threads/{other}/attachments/stray.pdf", headers=MANAGER), 404)
    chat_thread, _ = open_thread(client)
    assert_error(client.get(f"/api/threads/{chat_thread}/attachments/{name}", headers=MANAGER), 404)


def test_path_tricks_never_leave_the_thread_s_folder(client: TestClient) -> None:
    thread_id = _mail_with_files(client)
    token_file = Path(_state(client).home) / "manager_token"
    token_file.parent.mkdir(parents=True, exist_ok=True)
    token_file.write_text("secret")
    for trick in ["..%2F..%2Fmanager_token", "%2E%2E%2F%2E%2E%2Fmanager_token", "%2E%2E", "..%5C..%5Cmanager_token",
                  "%2Fetc%2Fpasswd"]:
        response = client.get(f"/api/threads/{thread_id}/attachments/{trick}", headers=MANAGER)
        assert response.status_code == 404, (trick, response.text)
    assert client.get(f"/api/threads/{thread_id}/../../manager_token", headers=MANAGER).status_code == 404


def test_a_refused_file_is_not_served(client: TestClient) -> None:
    thread_id = _mail_with_files(client)
    assert_error(client.get(f"/api/threads/{thread_id}/attachments/invoice.exe", headers=MANAGER), 404)


def test_a_client_token_is_refused(client: TestClient) -> None:
    thread_id = _mail_with_files(client)
    download = _download(client, thread_id)
    token = "tok_known_to_this_test"  # only the digest is stored: give the mail thread a token this test knows
    with _state(client).desk.uow() as uow:
        uow.threads.get(thread_id).client_token_hash = token_digest(token)
        uow.commit()
    client_headers = {"Authorization": f"Bearer {token}"}
    assert_error(client.get(f"/api/threads/{thread_id}/mail", headers=client_headers), 403, "forbidden")
    assert_error(client.get(download, headers=client_headers), 403, "forbidden")
    assert_error(client.get(download), 401, "unauthorized")


def test_a_task_of_a_mailed_thread_carries_its_mails_with_download_paths(client: TestClient) -> None:
    thread_id = _mail_with_files(client)
    desk = _state(client).desk
    desk.handle_action(thread_id, "select_date", {"date": "2026-03-10"})
    desk.handle_message(thread_id, "Room B please, no catering")
    tasks = ok(client.get("/api/hil/tasks", headers=MANAGER))
    task = next(task for task in tasks if task["thread_id"] == thread_id)
    files = {item["filename"]: item for item in task["mail"][0]["attachments"]}
    assert files["Grundriss Säle.pdf"]["download"] == _download(client, thread_id)
    assert files["invoice.exe"]["download"] is None
