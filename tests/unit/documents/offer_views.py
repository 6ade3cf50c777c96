"""An offer view model for the document tests: the VENUE.md example's shape, with a hostile billing name."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from venuedesk.clock import VENUE_TZ
from venuedesk.documents.offer_pdf import OfferLineView, OfferView

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
