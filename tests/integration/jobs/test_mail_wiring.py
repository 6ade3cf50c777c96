"""`serve` puts mail together (transports/mail/wiring.py): a client's mail carries signed links the server's own
link pages accept, and the manager is mailed each new task with an approve link, over one SMTP server."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mail_sink import html_part
from venuedesk.transports.app import create_app
from venuedesk.transports.mail.sink import Sink
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk

DOMAIN = "seehof.example"
PUBLIC = "https://desk.seehof.example"
CLIENT = "anna@example.com"
MANAGER = "chef@seehof.example"
INQUIRY = "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5."


@pytest.fixture
def serving(desk: Desk, sink: Sink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    if desk.engine.dialect.name != "sqlite":
        pytest.skip("`serve` runs the jobs in process on SQLite only (`venuedesk worker` on PostgreSQL)")
    for name, value in {"SMTP_URL": sink.url, "MAIL_SECRET": "wiring-secret", "MAIL_FROM": f"desk@{DOMAIN}",
                        "PUBLIC_URL": PUBLIC, "MANAGER_EMAIL": MANAGER}.items():
        monkeypatch.setenv(f"VENUEDESK_{name}", value)
    app = create_app(desk, manager_token="m" * 32,
                     settings=ServerSettings(home=tmp_path, jobs_interval_seconds=0.05), run_jobs=True)
    with TestClient(app) as client:
        yield client


def _wait_for(sink: Sink, predicate, seconds: float = 20) -> list[EmailMessage]:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [mail for mail in sink.handler.messages() if predicate(mail)]
        if found:
            return found
        time.sleep(0.02)
    return []



def test_a_clients_mail_carries_signed_links_the_servers_link_pages_accept(
    desk: Desk, sink: Sink, serving: TestClient
) -> None:
    thread_id = desk.open_thread(channel="email").thread_id
    desk.handle_message(thread_id, INQUIRY, sender=CLIENT)
    [mail] = _wait_for(sink, lambda mail: mail["To"] == CLIENT)
    links = re.findall(rf'href="{re.escape(PUBLIC)}(/l/[^"]+)"', html_part(mail))
    assert links, "the reply's actions are mailed as signed links"
    page = serving.get(links[0])
    assert page.status_code == 200 and "<form" in page.text


def test_the_manager_is_mailed_a_new_task_with_an_approve_link(
    desk: Desk, sink: Sink, serving: TestClient
) -> None:
    desk.set_autonomy({"general": "review"})
    thread_id = desk.open_thread().thread_id
    desk.handle_message(thread_id, INQUIRY, sender=CLIENT)
    assert desk.hil_open(thread_id) == 1
    [mail] = _wait_for(sink, lambda mail: mail["To"] == MANAGER and mail["X-Venuedesk-Task"] is not None)[:1]
    approve = re.findall(rf'href="{re.escape(PUBLIC)}(/l/d\.[^"]+)"', html_part(mail))
    assert approve
    assert serving.get(approve[0]).status_code == 200
