"""The offer's HTML is built from its view model alone, escapes every client text and formats the Swiss way."""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader

from offer_views import HOSTILE, VIEW

from venuedesk.documents.offer_pdf import offer_filename, offer_html, offer_pdf


def test_client_text_is_escaped_in_the_html() -> None:
    html = offer_html(VIEW)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co AG" in html


def test_escaped_client_text_prints_as_its_characters() -> None:
    text = PdfReader(io.BytesIO(offer_pdf(VIEW))).pages[0].extract_text()
    assert HOSTILE in text


def test_amounts_and_dates_use_the_swiss_locale_of_the_language() -> None:
    english, german = offer_html(VIEW), offer_html(replace(VIEW, language="de"))
    assert "CHF 1&#39;590.00" in english and "Saturday, 28 February 2026" in english
    assert "CHF 1&#39;590.00" in german and "Samstag, 28. Februar 2026" in german and "MWST" in german


def test_an_offer_without_a_deposit_says_none_is_required() -> None:
    assert "No deposit is required." in offer_html(replace(VIEW, deposit_amount=None, deposit_due=None))


def test_the_file_name_names_the_event_and_version() -> None:
    assert offer_filename("evt_1-v2", 2) == "offer-evt_1-v2.pdf"
