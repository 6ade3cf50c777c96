"""The function sheet's view model (banquet event order): what the venue's staff need to run a confirmed event.

Pure code, no I/O: `build_sheet` turns the event document and the catalogue into labelled lines in the staff's
language (the venue's first language); `sheet_changes` compares two versions line by line, so a new version can
mark what changed since the previous one. Rendering is `function_sheet_html.py`'s.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict

from venuedesk import i18n
from venuedesk.domain.catalogue import Product, Room, Venue
from venuedesk.domain.event import EventState, Offer, OfferLine
from venuedesk.domain.windows import DAY_MINUTES, end_minutes, parse_end, parse_hhmm, to_minutes

SHEET_STATUSES = ("Confirmed", "Cancelled")
"""A sheet is made for a confirmed event; a confirmed booking cancelled later gets one more version saying so."""
CATERING_CATEGORIES = ("catering", "menu", "beverages")
EQUIPMENT_CATEGORIES = ("equipment",)


class SheetLine(BaseModel):
    """One labelled value of the sheet; `key` is stable across versions (what a change is compared by)."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    value: str


class SheetSection(BaseModel):
    """A titled group of lines: event, room and set-up, timings, catering, equipment, notes, client contact."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    lines: tuple[SheetLine, ...]


class SheetView(BaseModel):
    """Everything one version of the sheet shows, in the staff's language."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    venue_name: str
    language: str
    title: str
    status: str
    sections: tuple[SheetSection, ...]

    def lines(self) -> dict[str, SheetLine]:
        """Every line by its key."""
        return {line.key: line for section in self.sections for line in section.lines}

    def content_hash(self) -> str:
        """sha256 of the canonical JSON: equal for equal sheets, so a save that changed nothing adds no version."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class SheetChange(BaseModel):
    """One line that differs from the previous version: its label and the old and new value ("—" when absent)."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    old: str
    new: str


def staff_language(venue: Venue) -> str:
    """The language of the venue's staff: the catalogue's first language (as for the manager's mail)."""
    return venue.languages[0] if venue.languages else "en"


def _say(key: str, language: str, **values: object) -> str:
    return i18n.say(f"sheet.{key}", language, **values)


def build_sheet(state: EventState, venue: Venue, language: str) -> SheetView:
    """The sheet of a confirmed (or cancelled after confirmation) event, from its accepted offer and requirements."""
    offer = _booked_offer(state)
    room = _room(state, offer, venue)
    start, end = _window(state, offer)
    sections = (
        _event_section(state, venue, offer, language),
        _room_section(state, room, language),
        _timing_section(room, start, end, language),
        _products_section("catering", _product_lines(state, offer, venue, CATERING_CATEGORIES), venue, language),
        _equipment_section(state, offer, room, venue, language),
        _products_section("services", _product_lines(state, offer, venue, _other_categories(venue)), venue,
                          language),
        _notes_section(state, language),
        _contact_section(state, language),
    )
    return SheetView(event_id=state.event_id, venue_name=venue.name, language=language,
                     title=_say("title", language), status=_say(f"status.{state.status}", language),
                     sections=tuple(section for section in sections if section.lines))


def sheet_changes(old: SheetView, new: SheetView) -> tuple[SheetChange, ...]:
    """The lines added, removed or changed from `old` to `new`, in the new sheet's order (removed ones last)."""
    before, after = old.lines(), new.lines()
    absent = "—"
    changed = [SheetChange(key=key, label=line.label, old=before[key].value if key in before else absent,
                           new=line.value)
               for key, line in after.items() if key not in before or before[key].value != line.value]
    removed = [SheetChange(key=key, label=line.label, old=line.value, new=absent)
               for key, line in before.items() if key not in after]
    return tuple(changed + removed)


def _booked_offer(state: EventState) -> Offer | None:
    accepted = [offer for offer in state.offers if offer.status == "Accepted"]
    return accepted[-1] if accepted else state.offer


def _room(state: EventState, offer: Offer | None, venue: Venue) -> Room | None:
    room_id = state.locked_room_id or (offer.room_id if offer else None) or state.requirements.preferred_room
    return venue.room(room_id) if room_id and venue.has_room(room_id) else None


def _window(state: EventState, offer: Offer | None) -> tuple[str | None, str | None]:
    requirements = state.requirements
    return (requirements.start_time or (offer.start_time if offer else None),
            requirements.end_time or (offer.end_time if offer else None))


def _line(section: str, name: str, language: str, value: str) -> SheetLine:
    return SheetLine(key=f"{section}.{name}", label=_say(f"{section}.{name}", language), value=value)


def _event_section(state: EventState, venue: Venue, offer: Offer | None, language: str) -> SheetSection:
    day = state.chosen_date or (offer.chosen_date if offer else None)
    occasion = venue.event_type(state.event_type)
    lines = [
        _line("event", "reference", language, state.event_id),
        _line("event", "status", language, _say(f"status.{state.status}", language)),
        _line("event", "date", language, i18n.long_date(day, language) if day else "—"),
    ]
    if occasion is not None:
        lines.append(_line("event", "occasion", language, _capital(occasion.names.get(language) or occasion.id)))
    return SheetSection(key="event", title=_say("section.event", language), lines=tuple(lines))


def _room_section(state: EventState, room: Room | None, language: str) -> SheetSection:
    layout = state.requirements.layout
    participants = state.requirements.participants
    lines = [
        _line("room", "name", language, room.label(language) if room else "—"),
        _line("room", "layout", language, _capital(i18n.layout_name(layout, language)) if layout else "—"),
        _line("room", "head_count", language, str(participants) if participants else "—"),
    ]
    if room is not None and layout in room.capacity:
        lines.append(_line("room", "capacity", language, str(room.capacity[layout])))
    if room is not None:
        lines.append(_line("room", "buffers", language, _say("buffers", language, before=room.buffer_before_min,
                                                              after=room.buffer_after_min)))
    return SheetSection(key="room", title=_say("section.room", language), lines=tuple(lines))


def _timing_section(room: Room | None, start: str | None, end: str | None, language: str) -> SheetSection:
    if start is None or end is None:
        return SheetSection(key="time", title=_say("section.time", language), lines=())
    opens = parse_hhmm(start)
    begin, finish = to_minutes(opens), end_minutes(opens, parse_end(end))
    before, after = (room.buffer_before_min, room.buffer_after_min) if room else (0, 0)
    lines = (
        _line("time", "window", language, f"{_clock(begin)}–{_clock(finish)}"),
        _line("time", "setup", language, f"{_clock(begin - before)}–{_clock(begin)}"),
        _line("time", "arrival", language, _clock(begin)),
        _line("time", "teardown", language, f"{_clock(finish)}–{_clock(finish + after)}"),
    )
    return SheetSection(key="time", title=_say("section.time", language), lines=lines)


def _other_categories(venue: Venue) -> tuple[str, ...]:
    known = CATERING_CATEGORIES + EQUIPMENT_CATEGORIES
    return tuple(sorted({product.category for product in venue.products if product.category not in known}))


def _product_lines(state: EventState, offer: Offer | None, venue: Venue,
                   categories: tuple[str, ...]) -> list[tuple[str, int, Product | None, str]]:
    """(product id, quantity, product, label) of the booked products in `categories`: the accepted offer's lines,
    else the event's product list."""
    if offer is not None:
        booked = [(line.ref, line.quantity, line.label) for line in offer.lines if _is_product(line)]
    else:
        booked = [(line.product_id, line.quantity, line.product_id) for line in state.products]
    result = []
    for product_id, quantity, label in booked:
        product = venue.product(product_id) if venue.has_product(product_id) else None
        category = product.category if product else "catering"
        if category in categories:
            result.append((product_id, quantity, product, label))
    return result


def _is_product(line: OfferLine) -> bool:
    return line.kind == "product"


def _products_section(key: str, booked: list[tuple[str, int, Product | None, str]], venue: Venue,
                      language: str) -> SheetSection:
    lines = tuple(SheetLine(key=f"{key}.{product_id}",
                            label=(product.names.get(language) or product.names.get("en") or label) if product else label,
                            value=_quantity(quantity, product, language))
                  for product_id, quantity, product, label in booked)
    return SheetSection(key=key, title=_say(f"section.{key}", language), lines=lines)


def _equipment_section(state: EventState, offer: Offer | None, room: Room | None, venue: Venue,
                       language: str) -> SheetSection:
    booked = _products_section("equipment", _product_lines(state, offer, venue, EQUIPMENT_CATEGORIES), venue,
                               language)
    lines = booked.lines
    if room is not None and room.features:
        lines = (_line("equipment", "room", language, ", ".join(room.feature_labels(language))), *lines)
    return SheetSection(key="equipment", title=booked.title, lines=lines)


def _quantity(quantity: int, product: Product | None, language: str) -> str:
    if product is not None and product.unit == "per_person":
        return _say("per_person", language, count=quantity)
    return f"{quantity} ×"


def _notes_section(state: EventState, language: str) -> SheetSection:
    lines = [_line("notes", "special", language, "; ".join(state.requirements.special) or "—")]
    if state.staff_notes:
        lines.append(_line("notes", "staff", language, state.staff_notes))
    visit = state.site_visit
    lines.append(_line("notes", "site_visit", language,
                       f"{i18n.long_date(visit.slot.date(), language)}, {visit.slot:%H:%M}–{visit.end:%H:%M}"
                       if visit else "—"))
    cancellation = state.cancellation
    if cancellation is not None and cancellation.status != "refused":
        lines.append(_line("notes", "cancellation", language,
                           _say(f"cancellation.{cancellation.status}", language,
                                day=i18n.long_date(cancellation.requested_on, language),
                                refund=i18n.price(cancellation.refund, language))))
    return SheetSection(key="notes", title=_say("section.notes", language), lines=tuple(lines))


def _contact_section(state: EventState, language: str) -> SheetSection:
    billing = state.billing
    name = state.client_name or billing.name
    lines = (
        _line("client", "name", language, name or "—"),
        _line("client", "company", language, billing.company or "—"),
        _line("client", "email", language, state.client_email or "—"),
        _line("client", "phone", language, _say("not_given", language)),
    )
    return SheetSection(key="client", title=_say("section.client", language), lines=lines)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clock(minutes: int) -> str:
    """`HH:MM`, with `(+1)` for a time past midnight of the event's day and `24:00` for midnight itself."""
    if minutes == DAY_MINUTES:
        return "24:00"
    day, rest = divmod(minutes, DAY_MINUTES)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{text} (+{day})" if day > 0 else (f"{text} (−1)" if day < 0 else text)


__all__ = ["SHEET_STATUSES", "SheetChange", "SheetLine", "SheetSection", "SheetView", "build_sheet",
           "sheet_changes", "staff_language"]
