"""Tables and actions the steps show: free dates, ranked rooms, product suggestions, the offer."""

from __future__ import annotations

from datetime import date

from venuedesk.domain.catalogue import Product, Venue
from venuedesk.domain.event import Offer
from venuedesk.tools.booking_models import RoomOption
from venuedesk.workflow import texts
from venuedesk.workflow.reply import Action, Cell, TableBlock

_UNITS = {
    "en": {"per_person": "per person", "per_event": "per event", "per_unit": "per piece",
           "per_bottle": "per bottle", "per_hour": "per hour"},
    "de": {"per_person": "pro Person", "per_event": "pro Anlass", "per_unit": "pro Stück",
           "per_bottle": "pro Flasche", "per_hour": "pro Stunde"},
}
_LAYOUTS = {
    "en": {"u_shape": "U-shape"},
    "de": {"theatre": "Theater", "classroom": "Seminar", "u_shape": "U-Form", "boardroom": "Konferenz",
           "banquet": "Bankett", "workshop": "Workshop", "standing": "Stehend"},
}


def _pick(language: str, en: str, de: str) -> str:
    return de if language == "de" else en


def layout_name(layout: str, language: str) -> str:
    return _LAYOUTS.get(language, {}).get(layout, layout.replace("_", "-"))


def _with_ref(args: dict[str, object], ref: str | None) -> dict[str, object]:
    """Action args plus the ref of the table the button belongs to (so a superseded button is recognised)."""
    return {**args, "ref": ref} if ref else args


def dates_table(days: list[date], language: str, ref: str | None = None) -> TableBlock:
    """Free dates with a `select_date` action per row."""
    return TableBlock(
        title=_pick(language, "Free dates", "Freie Daten"),
        columns=[_pick(language, "Date", "Datum"), _pick(language, "Day", "Tag")],
        rows=[[day.isoformat(), texts.long_date(day, language)] for day in days],
        row_actions=[
            Action(name="select_date", label=_pick(language, f"Choose {texts.long_date(day, 'en')}",
                                                   f"{texts.long_date(day, 'de')} wählen"),
                   args=_with_ref({"date": day.isoformat()}, ref), style="primary")
            for day in days
        ],
    )


def rooms_table(
    options: list[RoomOption], venue: Venue, language: str, requested: int = 0, ref: str | None = None
) -> TableBlock:
    """Ranked rooms with capacity for the layout, status, features (and how many requested ones match) and price,
    each with a `select_room` action."""
    status_words = {"Available": _pick(language, "Available", "Verfügbar"),
                    "Option": _pick(language, "On option (waitlist)", "Optioniert (Warteliste)")}
    rows: list[list[Cell]] = []
    for option in options:
        room = venue.room(option.room_id)
        row: list[Cell] = [
            option.name,
            f"{option.capacity} ({layout_name(option.layout or '', language)})",
            status_words.get(option.status, option.status),
            ", ".join(room.features),
        ]
        if requested:
            row.append(f"{option.features_matched}/{requested}")
        row.append(texts.money(option.price))
        rows.append(row)
    columns = [_pick(language, "Room", "Raum"), _pick(language, "Capacity", "Kapazität"), "Status",
               _pick(language, "Features", "Ausstattung")]
    if requested:
        columns.append(_pick(language, "Requested features", "Gewünschte Ausstattung"))
    columns.append(_pick(language, "Room price CHF", "Raumpreis CHF"))
    return TableBlock(
        title=_pick(language, "Rooms", "Räume"),
        columns=columns,
        rows=rows,
        row_actions=[
            Action(name="select_room", label=_pick(language, f"Choose {option.name}", f"{option.name} wählen"),
                   args=_with_ref({"room_id": option.room_id}, ref), style="primary")
            for option in options
        ],
    )


def products_table(products: list[Product], language: str, ref: str | None = None) -> TableBlock:
    """Product suggestions with an `add_product` action per row."""
    return TableBlock(
        title=_pick(language, "Catering and extras", "Verpflegung und Extras"),
        columns=[_pick(language, "Product", "Produkt"), _pick(language, "Unit", "Einheit"), "CHF"],
        rows=[[product.name(language), _UNITS[language if language in _UNITS else "en"][product.unit],
               texts.money(product.price)] for product in products],
        row_actions=[
            Action(name="add_product", label=_pick(language, f"Add {product.name(language)}",
                                                   f"{product.name(language)} hinzufügen"),
                   args=_with_ref({"product_id": product.id}, ref))
            for product in products
        ],
    )


def no_products_action(language: str, ref: str | None = None) -> Action:
    return Action(name="no_products", label=_pick(language, "No catering or extras", "Keine Verpflegung oder Extras"),
                  args=_with_ref({}, ref))


def default_window_action(language: str, ref: str | None = None) -> Action:
    return Action(name="use_default_window", label=_pick(language, "Use 14:00–18:00", "14:00–18:00 übernehmen"),
                  args=_with_ref({}, ref), style="primary")


def offer_table(offer: Offer, language: str) -> TableBlock:
    """The offer's lines with quantities and totals, then the total."""
    rows = [[line.label, line.quantity, texts.money(line.unit_price), texts.money(line.total)] for line in offer.lines]
    rows.append([_pick(language, "Total (incl. VAT)", "Total (inkl. MWST)"), None, None, texts.money(offer.total)])
    return TableBlock(
        title=_pick(language, f"Offer {offer.offer_id} (version {offer.version})",
                    f"Angebot {offer.offer_id} (Version {offer.version})"),
        columns=[_pick(language, "Item", "Position"), _pick(language, "Qty", "Menge"),
                 _pick(language, "Unit price CHF", "Einzelpreis CHF"), "CHF"],
        rows=rows,
    )


def offer_actions(offer: Offer, language: str) -> list[Action]:
    args = {"offer_id": offer.offer_id}
    return [
        Action(name="accept_offer", label=_pick(language, "Accept offer", "Angebot annehmen"), args=args,
               style="primary"),
        Action(name="decline_offer", label=_pick(language, "Decline", "Ablehnen"), args=args, style="secondary"),
    ]
