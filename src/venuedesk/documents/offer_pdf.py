"""The offer PDF: an offer version's view model → self-contained HTML (Jinja2, autoescaped) → PDF bytes.

Building the HTML is pure (no I/O besides reading the packaged template): every client-given text (names,
company, address) is escaped, so a company called `<script>` prints as those characters. Labels come from the
gettext catalogue (`document.offer.*`, `table.offer.*`), amounts and dates from the Swiss CLDR helpers of
`venuedesk.i18n` (`CHF 2'090.00`, `Tuesday, 10 March 2026`). The layout is A4 with DejaVu Sans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from venuedesk import i18n
from venuedesk.documents.pdf_render import html_to_pdf
from venuedesk.documents.templating import template

TEMPLATE = "offer.html.j2"


@dataclass(frozen=True)
class OfferLineView:
    """One priced line as the offer showed it: label (in the client's language), quantity, unit price, amount."""

    label: str
    quantity: int
    unit_price: Decimal
    total: Decimal


@dataclass(frozen=True)
class OfferView:
    """Everything one offer version's PDF prints, already in the client's language where it is text."""

    language: str
    venue_name: str
    venue_address: tuple[str, ...]
    offer_id: str
    version: int
    issued_on: date
    valid_until: datetime | None
    client_name: str | None
    client_email: str | None
    billing: tuple[str, ...]
    event_date: date
    start_time: str
    end_time: str
    room: str
    layout: str | None
    participants: int | None
    lines: tuple[OfferLineView, ...]
    total: Decimal
    vat: Decimal
    vat_percent: Decimal
    deposit_amount: Decimal | None
    deposit_due: date | None
    cancellation_terms: str


def _say(key: str, language: str, **values: object) -> str:
    return i18n.say(f"document.offer.{key}", language, **values)


def _valid_until(moment: datetime, language: str) -> str:
    return _say("valid_until", language, date=i18n.long_date(moment.date(), language),
                time=moment.strftime("%H:%M"))


def offer_html(view: OfferView) -> str:
    """The offer version as a self-contained A4 HTML document in the client's language (pure)."""
    lang = view.language
    deposit = (_say("deposit", lang, amount=i18n.price(view.deposit_amount, lang),
                    due=i18n.long_date(view.deposit_due, lang))
               if view.deposit_amount and view.deposit_due else _say("no_deposit", lang))
    rows = [{"label": line.label, "quantity": line.quantity, "unit_price": i18n.money(line.unit_price, lang),
             "total": i18n.money(line.total, lang)} for line in view.lines]
    event = [(_say("date", lang), i18n.long_date(view.event_date, lang)),
             (_say("window", lang), f"{view.start_time}–{view.end_time}"),
             (_say("room", lang), view.room)]
    if view.layout:
        event.append((_say("layout", lang), view.layout))
    if view.participants:
        event.append((_say("participants", lang), str(view.participants)))
    return template(TEMPLATE).render(
        lang=lang,
        title=_say("title", lang, version=view.version),
        venue_name=view.venue_name,
        venue_address=view.venue_address,
        reference=_say("reference", lang, offer_id=view.offer_id),
        issued=_say("issued", lang, date=i18n.long_date(view.issued_on, lang)),
        valid=_valid_until(view.valid_until, lang) if view.valid_until else None,
        client_heading=_say("client", lang),
        client=[part for part in (view.client_name, view.client_email) if part],
        billing_heading=_say("billing", lang),
        billing=view.billing,
        event_heading=_say("event", lang),
        event=event,
        columns=[i18n.say("table.offer.item", lang), i18n.say("table.offer.qty", lang),
                 i18n.say("table.offer.unit_price", lang), i18n.say("table.offer.amount", lang)],
        rows=rows,
        total_label=i18n.say("table.offer.total", lang),
        total=i18n.price(view.total, lang),
        vat=_say("vat", lang, percent=f"{view.vat_percent.normalize():f}", vat=i18n.price(view.vat, lang)),
        deposit=deposit,
        terms_heading=_say("terms", lang),
        cancellation_terms=view.cancellation_terms,
    )


def offer_pdf(view: OfferView) -> bytes:
    """The offer version's PDF bytes (WeasyPrint; the same view always gives the same bytes)."""
    return html_to_pdf(offer_html(view))


def offer_filename(offer_id: str, version: int) -> str:
    """The file name a download or attachment carries: `offer-<event>-v2.pdf` (ASCII, no path)."""
    event_id = offer_id.rsplit("-v", 1)[0]
    safe = "".join(char if char.isalnum() or char in "-_" else "-" for char in event_id)
    return f"offer-{safe}-v{version}.pdf"
