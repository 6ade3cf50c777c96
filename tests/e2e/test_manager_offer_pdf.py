"""A thread's offer PDFs in the manager console (docs/documents.md): the thread view (its audit trail) links the live
offer and every older version; each link downloads its PDF with the manager token, under the console's strict CSP
(no inline script)."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from live_server import CLOCK  # noqa: E402
from step_seven import NO_CATERING, offer_sent  # noqa: E402
from test_web_pages import manager_signs_in  # noqa: E402


def _renegotiated(home: Path) -> str:
    """In the live server's database: offer v1 (CHF 750.00) sent, 10 % granted on the client's counter, so v2
    (CHF 675.00) is live; the thread id."""
    from venuedesk.clock import FrozenClock
    from venuedesk.store.db import make_engine
    from venuedesk.workflow.desk import Desk

    engine = make_engine(f"sqlite:///{home / 'venuedesk.sqlite3'}")
    try:
        desk = Desk(engine, FrozenClock(datetime.fromisoformat(CLOCK)))
        thread_id = desk.open_thread().thread_id
        offer_sent(desk, thread_id, NO_CATERING)
        counter = desk.handle_message(thread_id, "Can you do 10 % off?")
        assert counter.hil is not None, counter.body_markdown
        desk.decide(counter.hil.task_id, "approve", discount_percent=Decimal(10))
        return thread_id
    finally:
        engine.dispose()


def _pdf_text(download) -> str:  # noqa: ANN001
    return PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages[0].extract_text()


def _thread_view(pages, base_url: str, thread_id: str):  # noqa: ANN001, ANN202
    page = pages.new()
    manager_signs_in(page, base_url)
    expect(page.locator("#console")).to_be_visible()
    page.goto(f"{base_url}/manager#thread={thread_id}")
    expect(page.locator("#audit")).to_contain_text(f"Audit trail of {thread_id}")
    return page


def test_the_thread_view_downloads_the_live_offer_as_a_pdf(pages, base_url: str, tmp_path: Path) -> None:
    thread_id = _renegotiated(tmp_path / "home")
    page = _thread_view(pages, base_url, thread_id)
    live = page.get_by_role("link", name=f"Offer version 2 of {thread_id} as PDF")
    expect(live).to_have_text("Version 2 (current) · CHF 675.00")
    with page.expect_download() as waiting:
        live.click()
    assert waiting.value.suggested_filename.endswith("-v2.pdf")
    text = _pdf_text(waiting.value)
    assert "Offer, version 2" in text and "CHF 675.00" in text


def test_an_older_version_downloads_with_its_own_figures(pages, base_url: str, tmp_path: Path) -> None:
    thread_id = _renegotiated(tmp_path / "home")
    page = _thread_view(pages, base_url, thread_id)
    older = page.get_by_role("link", name=f"Offer version 1 of {thread_id} as PDF")
    expect(older).to_have_text("Version 1 · CHF 750.00")
    with page.expect_download() as waiting:
        older.click()
    assert waiting.value.suggested_filename.endswith("-v1.pdf")
    text = _pdf_text(waiting.value)
    assert "Offer, version 1" in text and "CHF 750.00" in text and "675.00" not in text
