"""Secrets never reach a log: the API, ChatKit, mail deep links and the payment webhook run under a real uvicorn
(access log on, the root logger at DEBUG), and no captured log line holds any token or secret the flows used.

SQLAlchemy pins its own loggers at WARNING (its statement echo is off unless asked for); the statement parameters
it would log at INFO are issue 13 item 6, not covered here."""

from __future__ import annotations

import json
import logging
import secrets
from pathlib import Path

import httpx
import pytest

from api_helpers import MANAGER_TOKEN, SENDER
from billing_api_helpers import awaiting_deposit
from served_app import served
from venuedesk.observability.logging import JsonFormatter
from venuedesk.transports.app import create_app
from venuedesk.transports.chatkit.router import TOKEN_HEADER
from venuedesk.transports.csrf import CSRF_COOKIE
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.payments import SIGNATURE_HEADER, sign

PAYMENT_SECRET = "pay_" + secrets.token_hex(16)
MAIL_SECRET = "mail_" + secrets.token_hex(16)
CHATKIT_CREATE = json.dumps({"type": "threads.create", "params": {"input": {
    "content": [{"type": "input_text", "text": "Workshop for 30 people in March"}], "attachments": [],
    "inference_options": {}}}}).encode()
TEST_CLIENT_LOGGERS = ("httpx", "httpcore")  # the test's own HTTP client, not the app


def _chatkit_message(thread_id: str) -> bytes:
    return json.dumps({"type": "threads.add_user_message", "params": {"thread_id": thread_id, "input": {
        "content": [{"type": "input_text", "text": "Tuesday 10 March please"}], "attachments": [],
        "inference_options": {}}}}).encode()


def _api_and_payments(http: httpx.Client, used: list[str]) -> tuple[str, str]:
    """A booking to the deposit over the API, paid by the signed webhook; bad tokens and signatures too."""
    thread_id, offer_id = awaiting_deposit(http)  # type: ignore[arg-type]
    token = http.get(f"/api/threads/{thread_id}", headers={"Authorization": f"Bearer {MANAGER_TOKEN}"})
    assert token.status_code in (200, 403, 404)
    body = json.dumps({"offer_id": offer_id, "amount": 477.0, "currency": "CHF", "reference": "PAY-1"}).encode()
    signature = sign(PAYMENT_SECRET, body)
    used.append(signature)
    paid = http.post("/api/payments/webhook", content=body,
                     headers={SIGNATURE_HEADER: signature, "Content-Type": "application/json"})
    assert paid.status_code == 200, paid.text
    forged = sign("guessed-" + PAYMENT_SECRET, body)
    used.append(forged)
    assert http.post("/api/payments/webhook", content=body,
                     headers={SIGNATURE_HEADER: forged, "Content-Type": "application/json"}).status_code == 401
    wrong = "mgr_wrong_" + secrets.token_hex(8)
    used.append(wrong)
    assert http.get("/api/hil/tasks", headers={"Authorization": f"Bearer {wrong}"}).status_code == 401
    return thread_id, offer_id


def _client_tokens(http: httpx.Client, used: list[str]) -> None:
    """A thread's own client token over the API, in a header and (as a careless link would) in the query."""
    opened = http.post("/api/threads").json()
    used.append(opened["client_token"])
    headers = {"Authorization": f"Bearer {opened['client_token']}"}
    sent = http.post(f"/api/threads/{opened['thread_id']}/messages", headers=headers,
                     json={"text": "Workshop for 30 people in March", "from": SENDER})
    assert sent.status_code == 200, sent.text
    http.get(f"/api/threads/{opened['thread_id']}", params={"token": opened["client_token"]})


def _chatkit(http: httpx.Client, used: list[str]) -> None:
    """A ChatKit thread opened and continued on its cookie (same-origin), and a cross-site attempt refused."""
    created = http.post("/chatkit", content=CHATKIT_CREATE, headers={"Content-Type": "application/json"})
    assert created.status_code == 200, created.text
    used.extend([created.headers[TOKEN_HEADER], http.cookies[CSRF_COOKIE]])
    thread_id = next(json.loads(line[5:])["thread"]["id"] for line in created.text.splitlines()
                     if line.startswith("data:") and '"thread.created"' in line)
    same_site = {"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"}
    assert http.post("/chatkit", content=_chatkit_message(thread_id), headers=same_site).status_code == 200
    cross = {"Content-Type": "application/json", "Origin": "https://evil.example"}
    assert http.post("/chatkit", content=_chatkit_message(thread_id), headers=cross).status_code == 403
    http.cookies.clear()


def _path(url: str) -> str:
    return "/l/" + url.rsplit("/l/", 1)[1]


def _deep_links(http: httpx.Client, app: object, thread_id: str, used: list[str]) -> None:
    """The thread's view and invite links (GET), a manager decision link (GET, POST) and a forged one."""
    signer = app.state.link_signer  # type: ignore[attr-defined]
    links = [signer.for_content(thread_id, "view"), signer.for_content(thread_id, "invite")]
    for url in links:
        assert http.get(_path(url)).status_code in (200, 409)
    tasks = http.get("/api/hil/tasks", headers={"Authorization": f"Bearer {MANAGER_TOKEN}"}).json()
    if tasks:
        decision = signer.for_decision(tasks[0]["task_id"], "approve", "manager")
        links.append(decision)
        http.get(_path(decision))
        http.post(_path(decision))
    forged = links[0][:-6] + "AAAAAA"
    links.append(forged)
    assert http.get(_path(forged)).status_code == 400
    used.extend(url.rsplit("/", 1)[1] for url in links)
    used.extend(url.rsplit("/", 1)[1].split(".", 1)[1] for url in links)


@pytest.mark.filterwarnings("ignore:Direct usage of named widget classes:DeprecationWarning")
def test_no_token_or_secret_used_by_the_flows_is_logged(desk: Desk, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    used = [MANAGER_TOKEN, PAYMENT_SECRET, MAIL_SECRET]
    app = create_app(desk, manager_token=MANAGER_TOKEN,
                     settings=ServerSettings(home=tmp_path, payment_secret=PAYMENT_SECRET),
                     mail_settings=MailSettings(mail_secret=MAIL_SECRET))
    options = {"log_config": None, "access_log": True, "log_level": "debug"}
    with served(app, **options) as (host, port), httpx.Client(base_url=f"http://{host}:{port}") as http:
        thread_id, _ = _api_and_payments(http, used)
        _client_tokens(http, used)
        _chatkit(http, used)
        _deep_links(http, app, thread_id, used)
    records = [record for record in caplog.records if not record.name.startswith(TEST_CLIENT_LOGGERS)]
    assert any(record.name == "uvicorn.access" for record in records), "the access log was not captured"
    formatter = JsonFormatter()
    lines = [formatter.format(record) + record.getMessage() for record in records]
    leaks = {secret[:12] + "…": [line[:300] for line in lines if secret in line] for secret in used}
    assert {secret: found for secret, found in leaks.items() if found} == {}
