"""A task of a thread that came in by mail shows the client's mails in the manager console: a kept file is a link
that downloads it with the manager token, a refused one is named with the reason."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from live_server import CLOCK  # noqa: E402
from test_web_pages import EMAIL, INQUIRY, manager_signs_in  # noqa: E402
from venuedesk.clock import FrozenClock  # noqa: E402
from venuedesk.store.db import make_engine  # noqa: E402
from venuedesk.transports.mail.receive import receive_mail  # noqa: E402
from venuedesk.transports.mail.settings import MailSettings  # noqa: E402
from venuedesk.workflow.desk import Desk  # noqa: E402

PLAN = b"%PDF-1.4 floor plan"


def _mailed_thread_with_a_task(home: Path) -> None:
    """A client mail with a floor plan (kept) and an .exe (refused), taken to an offer task."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = EMAIL, "desk@venue.example", "Workshop in March"
    message["Message-ID"] = "<plan@example.com>"
    message.set_content(f"{INQUIRY}. Our floor plan is attached.")
    message.add_attachment(PLAN, maintype="application", subtype="pdf", filename="Grundriss Säle.pdf")
    message.add_attachment(b"MZ", maintype="application", subtype="x-msdownload", filename="invoice.exe")
    engine = make_engine(f"sqlite:///{home / 'venuedesk.sqlite3'}")
    try:
        desk = Desk(engine, FrozenClock(datetime.fromisoformat(CLOCK)))
        outcome = receive_mail(desk, message.as_bytes(), MailSettings(mail_from="desk@venue.example"), home=home)
        assert outcome.status == "accepted", outcome
        desk.handle_action(str(outcome.thread_id), "select_date", {"date": "2026-03-10"})
        desk.handle_message(str(outcome.thread_id), "Room B please, no catering")
    finally:
        engine.dispose()


def test_a_mailed_thread_s_task_links_the_client_s_file(pages, base_url: str, tmp_path: Path) -> None:
    _mailed_thread_with_a_task(tmp_path / "home")
    manager = pages.new()
    manager_signs_in(manager, base_url)
    mail = manager.locator(".task").first.locator("[data-part=mail]")
    expect(mail.locator("summary")).to_have_text("Mail from the client (1)")
    link = mail.get_by_role("link", name="Grundriss Säle.pdf")
    expect(link).to_be_visible()
    expect(mail.locator("[data-part=refused-file]")).to_contain_text("invoice.exe: not kept")
    with manager.expect_download() as download:
        link.click()
    saved = download.value
    assert saved.suggested_filename == "Grundriss Säle.pdf"
    assert Path(saved.path()).read_bytes() == PLAN
