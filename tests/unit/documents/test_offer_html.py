"""The offer's HTML is built from its view model alone, escapes every client text and formats the Swiss way."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from pypdf import PdfReader

from venuedesk.clock import VENUE_TZ
from venuedesk.documents.offer_pdf import OfferLineView, OfferView, offer_filename, offer_html, offer_pdf

HOSTILE = "<script>alert('x')</script> & Co AG"
VIEW = OfferView(
    language="en", venue_name="The Atelier", venue_address=("Dufourstrasse 40", "8008 Zürich"),
    offer_id="evt_1-v2", version=2, issued_on=date(2026, 2, 2),
    valid_until=datetime(2026, 2, 9, 9, 0, tzinfo=VENUE_TZ), client_name="Anna Meier", client_email="anna@example.com",
    billing=(HOSTILE, "Dorfstrasse 7", "3011 Bern", "CH"), event_date=date(2026, 3, 10), start_time="09:00",
    end_time="17:00", room="Room B", layout="workshop", participants=30,
    lines=(OfferLineView("Room B", 1, Decimal("750.00"), Decimal("750.00")),
           OfferLineView("Lunch package", 30, Decimal("28.00"), Decimal("840.00"))),
    total=Decimal("1590.00"), vat=Decimal("119.14"), vat_percent=Decimal("8.1"), deposit_amount=Decimal("477.00"),
    deposit_due=date(2026, 2, 28), cancellation_terms="Cancellation: <b>no</b> refund.",
)


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
