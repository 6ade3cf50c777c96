"""Load everything a job process needs to render documents, at its start, by rendering one sample of each.

A one-line page loads WeasyPrint and Pango but not what a real offer reaches: bold and table layout, a second font
file, fontTools' subsetter and its tables. Those cost ~27 MiB on first use; paid in the middle of the first client's
offer mail, they also looked like a leak in the soak's flat-memory check. So the worker renders a sample offer and
a sample function sheet (with a changed line) in every catalogue language before it takes its first job.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from venuedesk import i18n
from venuedesk.clock import VENUE_TZ
from venuedesk.documents.function_sheet import SheetLine, SheetSection, SheetView
from venuedesk.documents.function_sheet_html import render_sheet_html
from venuedesk.documents.offer_pdf import OfferLineView, OfferView, offer_pdf
from venuedesk.documents.pdf_render import html_to_pdf, missing_renderer

_SAMPLE_DAY = date(2026, 3, 10)
_SAMPLE_MOMENT = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)


def sample_offer(language: str) -> OfferView:
    """An offer shaped like VENUE.md's worked example (room, a package per head, VAT, a deposit, terms)."""
    return OfferView(
        language=language, venue_name="Sample venue", venue_address=("Street 1", "8000 Zürich"),
        offer_id="evt_sample-v2", version=2, issued_on=_SAMPLE_MOMENT.date(), valid_until=_SAMPLE_MOMENT,
        client_name="Sample Client", client_email=None, billing=("Sample AG", "Street 2", "3000 Bern", "CH"),
        event_date=_SAMPLE_DAY, start_time="09:00", end_time="17:00", room="Room B", layout="workshop",
        participants=30,
        lines=(OfferLineView("Room B", 1, Decimal("750.00"), Decimal("750.00")),
               OfferLineView("Lunch package", 30, Decimal("28.00"), Decimal("840.00"))),
        total=Decimal("1590.00"), vat=Decimal("119.14"), vat_percent=Decimal("8.1"),
        deposit_amount=Decimal("477.00"), deposit_due=_SAMPLE_DAY, cancellation_terms="Sample terms.",
    )


def sample_sheet(language: str, head_count: int) -> SheetView:
    """A function sheet with an event, a room and a catering section; `head_count` varies between versions."""
    def section(key: str, values: dict[str, str]) -> SheetSection:
        lines = tuple(SheetLine(key=f"{key}.{name}", label=name.capitalize(), value=value)
                      for name, value in values.items())
        return SheetSection(key=key, title=key.capitalize(), lines=lines)

    return SheetView(
        event_id="evt_sample", venue_name="Sample venue", language=language, title="Function sheet",
        status="Confirmed",
        sections=(section("event", {"date": "10.03.2026", "guests": str(head_count)}),
                  section("room", {"room": "Room B", "layout": "workshop", "set-up": "08:00"}),
                  section("catering", {"lunch": f"{head_count} × lunch package", "coffee": "09:00, 15:00"})),
    )


def warm_up_documents() -> int:
    """Render a sample offer and function sheet in each catalogue language; the number of documents rendered (0 when
    this machine cannot render PDFs: nothing is loaded then, and the jobs say why when they run)."""
    if missing_renderer() is not None:
        return 0
    rendered = 0
    for language in i18n.languages():
        offer_pdf(sample_offer(language))
        html_to_pdf(render_sheet_html(sample_sheet(language, 30), version=2, made=_SAMPLE_MOMENT,
                                      previous=sample_sheet(language, 28), previous_version=1))
        rendered += 2
    return rendered
