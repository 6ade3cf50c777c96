"""Tables and actions the steps show: free dates, ranked rooms, product suggestions, the offer."""

from __future__ import annotations

from datetime import date

from venuedesk import i18n
from venuedesk.domain.catalogue import Product, Venue
from venuedesk.domain.event import Offer
from venuedesk.tools.booking_models import RoomOption
from venuedesk.workflow import texts
from venuedesk.workflow.reply import Action, Cell, TableBlock

say = texts.say


layout_name = i18n.layout_name
"""The layout's name in the client's language (`U-shape` / `U-Form`); the steps' tables and texts use it."""


def _with_ref(args: dict[str, object], ref: str | None) -> dict[str, object]:
    """Action args plus the ref of the table the button belongs to (so a superseded button is recognised)."""
    return {**args, "ref": ref} if ref else args


def dates_table(days: list[date], language: str, ref: str | None = None) -> TableBlock:
    """Free dates with a `select_date` action per row."""
    return TableBlock(
        title=say("table.dates.title", language),
        columns=[say("table.dates.date", language), say("table.dates.day", language)],
        rows=[[day.isoformat(), texts.long_date(day, language)] for day in days],
        row_actions=[
            Action(name="select_date", label=say("action.choose_date", language, date=texts.long_date(day, language)),
                   args=_with_ref({"date": day.isoformat()}, ref), style="primary")
            for day in days
        ],
    )


def rooms_table(
    options: list[RoomOption], venue: Venue, language: str, requested: int = 0, ref: str | None = None
) -> TableBlock:
    """Ranked rooms with capacity for the layout, status, features (and how many requested ones match) and price,
    each with a `select_room` action."""
    status_words = {"Available": say("room_status.available", language),
                    "Unconfirmed": say("room_status.unconfirmed", language),
                    "Option": say("room_status.option", language)}
    rows: list[list[Cell]] = []
    for option in options:
        room = venue.room(option.room_id)
        row: list[Cell] = [
            room.label(language),
            f"{option.capacity} ({layout_name(option.layout or '', language)})",
            status_words.get(option.status, option.status),
            ", ".join(room.feature_labels(language)),
        ]
        if requested:
            row.append(f"{option.features_matched}/{requested}")
        row.append(texts.money(option.price, language))
        rows.append(row)
    columns = [say("table.rooms.room", language), say("table.rooms.capacity", language),
               say("table.rooms.status", language), say("table.rooms.features", language)]
    if requested:
        columns.append(say("table.rooms.requested", language))
    columns.append(say("table.rooms.price", language))
    return TableBlock(
        title=say("table.rooms.title", language),
        columns=columns,
        rows=rows,
        row_actions=[_room_action(option, venue, language, ref) for option in options],
    )


def _room_action(option: RoomOption, venue: Venue, language: str, ref: str | None) -> Action:
    """`select_room` for a free room; on a room another event holds on option, `take_second_option` (the next
    option in line for the event's date and window, docs/design.md §4.13)."""
    name = venue.room(option.room_id).label(language)
    args = _with_ref({"room_id": option.room_id}, ref)
    if option.status == "Option":
        return Action(name="take_second_option", label=say("action.take_second_option", language, room=name),
                      args=args, style="secondary")
    return Action(name="select_room", label=say("action.choose_room", language, room=name), args=args,
                  style="primary")


def products_table(products: list[Product], language: str, ref: str | None = None) -> TableBlock:
    """Product suggestions with an `add_product` action per row."""
    return TableBlock(
        title=say("table.products.title", language),
        columns=[say("table.products.product", language), say("table.products.unit", language),
                 say("table.products.price", language)],
        rows=[[product.name(language), say(f"unit.{product.unit}", language), texts.money(product.price, language)]
              for product in products],
        row_actions=[
            Action(name="add_product", label=say("action.add_product", language, product=product.name(language)),
                   args=_with_ref({"product_id": product.id}, ref))
            for product in products
        ],
    )


def no_products_action(language: str, ref: str | None = None) -> Action:
    """The button for an offer without catering or extras."""
    return Action(name="no_products", label=say("action.no_products", language), args=_with_ref({}, ref))


def default_window_action(language: str, ref: str | None = None, start: str = "14:00", end: str = "18:00") -> Action:
    """The button that takes the venue's default time window."""
    return Action(name="use_default_window", label=say("action.use_default_window", language, start=start, end=end),
                  args=_with_ref({}, ref), style="primary")


def offer_table(offer: Offer, language: str) -> TableBlock:
    """The offer's lines with quantities and totals, then the total."""
    rows: list[list[Cell]] = [
        [line.label, line.quantity, texts.money(line.unit_price, language), texts.money(line.total, language)]
        for line in offer.lines
    ]
    rows.append([say("table.offer.total", language), None, None, texts.money(offer.total, language)])
    return TableBlock(
        title=say("table.offer.title", language, version=offer.version),  # no internal id on the client's screen
        columns=[say("table.offer.item", language), say("table.offer.qty", language),
                 say("table.offer.unit_price", language), say("table.offer.amount", language)],
        rows=rows,
    )


def offer_actions(offer: Offer, language: str) -> list[Action]:
    """Accept or decline the offer."""
    args = {"offer_id": offer.offer_id}
    return [
        Action(name="accept_offer", label=say("action.accept_offer", language), args=args, style="primary"),
        Action(name="decline_offer", label=say("action.decline_offer", language), args=args, style="secondary"),
    ]
