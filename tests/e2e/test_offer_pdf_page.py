"""The offer PDF on the client page (docs/documents.md): under the offer the manager approved, a link downloads
that version's PDF with the thread's token, in a real browser."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from pypdf import PdfReader  # noqa: E402

from test_lifecycle_pages import offer_approved_for_the_client  # noqa: E402


def test_the_client_downloads_the_approved_offer_as_a_pdf(pages, base_url: str, tmp_path) -> None:
    client, _, offer = offer_approved_for_the_client(pages, base_url)
    link = offer.get_by_role("link", name="Offer version 1 as PDF")
    with client.expect_download() as downloaded:
        link.click()
    saved = tmp_path / "offer.pdf"
    downloaded.value.save_as(saved)
    assert downloaded.value.suggested_filename.endswith("-v1.pdf")
    text = PdfReader(io.BytesIO(saved.read_bytes())).pages[0].extract_text()
    assert "Offer, version 1" in text and "CHF 750.00" in text
