"""The function sheet's view model and page (docs/documents.md "Function sheet"): pure code from the event and the
catalogue; the staff's language; set-up and tear-down from the room's buffers; client text escaped; a new version
marks what changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from venuedesk.clock import VENUE_TZ
from venuedesk.documents.function_sheet import build_sheet, sheet_changes, staff_language
from venuedesk.documents.function_sheet_html import render_sheet_html
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import DepositTerms, EventState, Offer, OfferLine
from venuedesk.domain.requirements import Requirements
from venuedesk.venue.loader import load_venue

MADE = datetime(2026, 2, 2, 9, tzinfo=VENUE_TZ)


@pytest.fixture(scope="module")
def venue() -> Venue:
    return load_venue()


def confirmed(room: str = "room-b", participants: int = 30, **changes: object) -> EventState:
    offer = Offer(offer_id="evt_1-v1", version=1, status="Accepted", chosen_date=date(2026, 3, 10),
                  start_time="09:00", end_time="17:00", room_id=room, total=Decimal("1590.00"),
                  vat=Decimal("119.10"), deposit=DepositTerms(amount=Decimal("477.00")),
                  lines=[OfferLine(kind="room", ref=room, label="Room", quantity=1, unit_price=Decimal("750"),
                                   total=Decimal("750")),
                         OfferLine(kind="product", ref="lunch", label="Lunch package", quantity=participants,
                                   unit_price=Decimal("28"), total=Decimal(28 * participants)),
                         OfferLine(kind="product", ref="wireless-mic", label="Wireless microphone", quantity=2,
                                   unit_price=Decimal("25"), total=Decimal("50"))])
    state = EventState(event_id="evt_1", thread_id="thr_1", status="Confirmed", current_step=7,
                       chosen_date=date(2026, 3, 10), locked_room_id=room, client_email="sara@example.ch",
                       requirements=Requirements(participants=participants, layout="workshop", start_time="09:00",
                                                 end_time="17:00"),
                       offers=[offer])
    return state.model_copy(update=changes)


def _values(state: EventState, venue: Venue, language: str = "en") -> dict[str, str]:
    return {key: line.value for key, line in build_sheet(state, venue, language).lines().items()}


def _html(state: EventState, venue: Venue) -> str:
    return render_sheet_html(build_sheet(state, venue, "en"), version=1, made=MADE)


def test_the_sheet_names_room_layout_head_count_and_the_catering_counts_of_the_accepted_offer(venue: Venue) -> None:
    values = _values(confirmed(), venue)
    assert values["room.name"] == "Room B" and values["room.layout"] == "Workshop" and values["room.head_count"] == "30"
    assert values["catering.lunch"] == "30 (per person)"
    assert values["equipment.wireless-mic"] == "2 ×"


def test_set_up_and_tear_down_are_the_rooms_buffers_around_the_window(venue: Venue) -> None:
    values = _values(confirmed(room="room-c"), venue)  # Room C: 45 minutes before and after
    assert (values["time.window"], values["time.setup"], values["time.teardown"]) == (
        "09:00–17:00", "08:15–09:00", "17:00–17:45")


def test_the_staff_read_the_venues_first_language(venue: Venue) -> None:
    german = replace(venue, languages=("de", "en"))
    assert staff_language(german) == "de"
    values = _values(confirmed(), german, staff_language(german))
    assert values["room.name"] == "Raum B" and values["catering.lunch"] == "30 (pro Person)"


def test_the_same_event_gives_the_same_content_hash(venue: Venue) -> None:
    assert build_sheet(confirmed(), venue, "en").content_hash() == build_sheet(confirmed(), venue, "en").content_hash()


def test_a_changed_head_count_is_listed_old_to_new(venue: Venue) -> None:
    changes = sheet_changes(build_sheet(confirmed(), venue, "en"), build_sheet(confirmed(participants=40), venue, "en"))
    assert [(change.label, change.old, change.new) for change in changes] == [
        ("Head count", "30", "40"), ("Lunch package", "30 (per person)", "40 (per person)")]


def test_the_page_marks_the_changed_lines_and_lists_them_under_changed_since(venue: Venue) -> None:
    made = datetime(2026, 2, 3, 9, tzinfo=VENUE_TZ)
    html = render_sheet_html(build_sheet(confirmed(participants=40), venue, "en"), version=2, made=made,
                             previous=build_sheet(confirmed(), venue, "en"), previous_version=1)
    assert "Changed since version 1" in html
    assert '<tr class="changed"><th>Head count</th><td>40 <span class="mark">changed</span>' in html


def test_client_text_with_a_script_tag_is_escaped(venue: Venue) -> None:
    hostile = confirmed(client_name="<script>alert('x')</script>",
                        requirements=Requirements(participants=30, layout="workshop", start_time="09:00",
                                                  end_time="17:00", special=["<img src=x onerror=alert(1)>"]))
    html = _html(hostile, venue)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_page_carries_no_script_at_all(venue: Venue) -> None:
    assert "<script" not in _html(confirmed(), venue).lower()
