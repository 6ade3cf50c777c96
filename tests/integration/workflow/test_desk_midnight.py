"""Windows until midnight and past it, through the Desk as a client writes them (EN and DE).

The demo venue closes at 23:00: such a window is understood, refused with the reason and the latest end,
and the window cut to closing is offered; a venue open until 02:00 books it, and the hold, buffers and
price follow the window into the next day.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from venuedesk.clock import FrozenClock
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.venue.loader import CatalogueDocuments
from venuedesk.workflow.desk import Desk
from workflow_helpers import SENDER, bookings_of

EN = "Hi, we'd like a team meeting for 30 people on 10 March 2026, {phrase}."
DE = "Guten Tag, wir möchten ein Teamtreffen für 30 Personen am 10. März 2026, {phrase}."

# (message template, phrase, window understood, window offered by a venue closing at 23:00)
PHRASES = [
    (EN, "18:00-24:00", "18:00–24:00", ("18:00", "23:00")),
    (DE, "18 bis 24 Uhr", "18:00–24:00", ("18:00", "23:00")),
    (DE, "bis Mitternacht", "18:00–24:00", ("18:00", "23:00")),
    (EN, "6pm to midnight", "18:00–24:00", ("18:00", "23:00")),
    (EN, "until midnight", "18:00–24:00", ("18:00", "23:00")),
    (EN, "20:00 to 02:00", "20:00–02:00", ("20:00", "23:00")),
    (EN, "from 10pm till 1am", "22:00–01:00", ("22:00", "23:00")),
    (DE, "22-02 Uhr", "22:00–02:00", ("22:00", "23:00")),
]
IDS = [phrase for _, phrase, _, _ in PHRASES]


@pytest.mark.parametrize(("template", "phrase", "asked", "offered"), PHRASES, ids=IDS)
def test_a_window_past_closing_is_refused_with_the_latest_end_and_the_window_cut_to_it(
    desk: Desk, thread_id: str, template: str, phrase: str, asked: str, offered: tuple[str, str]
) -> None:
    reply = desk.handle_message(thread_id, template.format(phrase=phrase), sender=SENDER)

    body = reply.body_markdown
    assert asked in body and "23:00" in body
    assert ("latest possible end is 23:00" in body) if template is EN else ("späteste Ende ist 23:00" in body)
    use = next(action for action in reply.actions if action.name == "use_window")
    assert (use.args["start"], use.args["end"]) == offered
    assert reply.footer.state == "Awaiting Client"
    event = desk.event_view(thread_id)
    assert event["requirements"]["start_time"] is None and event["date_confirmed"] is False


@pytest.mark.parametrize(("template", "phrase", "asked", "offered"), PHRASES, ids=IDS)
def test_taking_the_offered_window_confirms_the_date_with_it(
    desk: Desk, thread_id: str, template: str, phrase: str, asked: str, offered: tuple[str, str]
) -> None:
    desk.handle_message(thread_id, template.format(phrase=phrase), sender=SENDER)

    reply = desk.handle_action(thread_id, "use_window", {"start": offered[0], "end": offered[1]})

    event = desk.event_view(thread_id)
    assert event["date_confirmed"] is True and event["chosen_date"] == "2026-03-10"
    assert (event["requirements"]["start_time"], event["requirements"]["end_time"]) == offered
    assert f"{offered[0]}–{offered[1]}" in reply.body_markdown
    assert reply.footer.step == 3


def test_a_plain_yes_after_the_refusal_takes_the_offered_window(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, EN.format(phrase="6pm to midnight"), sender=SENDER)

    desk.handle_message(thread_id, "Yes, that works for us.")

    event = desk.event_view(thread_id)
    assert event["date_confirmed"] is True
    assert (event["requirements"]["start_time"], event["requirements"]["end_time"]) == ("18:00", "23:00")


def test_what_else_the_refused_message_says_is_kept(desk: Desk, thread_id: str) -> None:
    reply = desk.handle_message(thread_id, EN.format(phrase="18:00-24:00 with the three-course dinner"),
                                sender=SENDER)

    event = desk.event_view(thread_id)
    assert event["requirements"]["participants"] == 30
    assert event["client_email"] == SENDER
    assert [line["product_id"] for line in event["products"]] == ["dinner-3"]
    assert "Three-course dinner" in reply.body_markdown


def test_a_window_inside_the_hours_is_confirmed_as_before(desk: Desk, thread_id: str) -> None:
    reply = desk.handle_message(thread_id, EN.format(phrase="18:00-23:00"), sender=SENDER)
    assert "18:00–23:00 is confirmed" in reply.body_markdown


def test_a_use_window_action_past_closing_is_refused_too(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, "Hi, a dinner for 30 people on 10 March 2026.", sender=SENDER)

    reply = desk.handle_action(thread_id, "use_window", {"start": "20:00", "end": "01:00"})

    assert "latest possible end is 23:00" in reply.body_markdown
    assert desk.event_view(thread_id)["date_confirmed"] is False


# A venue open until 02:00 the next morning: the same phrases are booked.


@pytest.fixture
def late_engine(database_url: str, demo_catalogue: CatalogueDocuments) -> Iterator[Engine]:
    """The demo venue, but open from 08:00 until 02:00 the next morning."""
    venue = copy.deepcopy(demo_catalogue.venue)
    venue["policies"]["open_until"] = "02:00"
    docs = CatalogueDocuments(venue=venue, rooms=demo_catalogue.rooms, products=demo_catalogue.products)
    engine = make_engine(database_url)
    upgrade(engine)
    seed(engine, docs)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def late_desk(late_engine: Engine, clock: FrozenClock) -> Desk:
    return Desk(late_engine, clock, id_seed=0)


@pytest.mark.parametrize(
    ("template", "phrase", "start", "end"),
    [
        (EN, "18:00-24:00", "18:00", "24:00"),
        (DE, "18 bis 24 Uhr", "18:00", "24:00"),
        (EN, "6pm to midnight", "18:00", "24:00"),
        (DE, "bis Mitternacht", "18:00", "24:00"),
        (EN, "20:00 to 02:00", "20:00", "02:00"),
        (EN, "from 10pm till 1am", "22:00", "01:00"),
        (DE, "22-02 Uhr", "22:00", "02:00"),
    ],
)
def test_a_venue_open_past_midnight_confirms_the_window(
    late_desk: Desk, template: str, phrase: str, start: str, end: str
) -> None:
    thread_id = late_desk.open_thread(thread_id="thr-late").thread_id

    reply = late_desk.handle_message(thread_id, template.format(phrase=phrase), sender=SENDER)

    event = late_desk.event_view(thread_id)
    assert event["date_confirmed"] is True
    assert (event["requirements"]["start_time"], event["requirements"]["end_time"]) == (start, end)
    assert f"{start}–{end}" in reply.body_markdown
    assert reply.footer.step == 3


def test_a_hold_until_midnight_is_stored_with_its_buffers_into_the_next_day(
    late_desk: Desk, late_engine: Engine
) -> None:
    thread_id = late_desk.open_thread(thread_id="thr-late").thread_id
    late_desk.handle_message(thread_id, EN.format(phrase="18:00-24:00"), sender=SENDER)

    late_desk.handle_action(thread_id, "select_room", {"room_id": "room-b"})

    assert bookings_of(late_engine, "room-b") == [("evt_thr-late", "2026-03-10", 17 * 60 + 30, 24 * 60 + 30)]


def test_an_offer_past_midnight_is_priced_by_its_hours(late_desk: Desk) -> None:
    thread_id = late_desk.open_thread(thread_id="thr-late").thread_id
    late_desk.handle_message(thread_id, EN.format(phrase="20:00 to 02:00"), sender=SENDER)
    late_desk.handle_action(thread_id, "select_room", {"room_id": "room-b"})

    late_desk.handle_message(thread_id, "no catering")

    offer = late_desk.event_view(thread_id)["offer"]
    assert offer["total"] == 750.0  # 6 h: Room B's full-day rate


@pytest.fixture
def round_the_clock_desk(
    database_url: str, demo_catalogue: CatalogueDocuments, clock: FrozenClock
) -> Iterator[Desk]:
    """The demo venue open from 03:00 until 02:00 the next morning (so a morning can follow a late night)."""
    venue = copy.deepcopy(demo_catalogue.venue)
    venue["policies"].update(open_from="03:00", open_until="02:00")
    docs = CatalogueDocuments(venue=venue, rooms=demo_catalogue.rooms, products=demo_catalogue.products)
    engine = make_engine(database_url)
    upgrade(engine)
    seed(engine, docs)
    try:
        yield Desk(engine, clock, id_seed=0)
    finally:
        engine.dispose()


def test_a_room_held_past_midnight_is_not_free_early_the_next_morning(round_the_clock_desk: Desk) -> None:
    desk = round_the_clock_desk
    first = desk.open_thread(thread_id="thr-late").thread_id
    desk.handle_message(first, EN.format(phrase="20:00 to 02:00"), sender=SENDER)
    desk.handle_action(first, "select_room", {"room_id": "room-c"})  # blocked until 02:45 on the 11th
    assert desk.event_view(first)["locked_room_id"] == "room-c"
    second = desk.open_thread(thread_id="thr-early").thread_id
    desk.handle_message(second, "Hi, a workshop for 30 people on 11 March 2026, 03:00 to 05:00.",
                        sender="ben@example.com")  # Room C's 45-minute buffer starts at 02:15

    reply = desk.handle_action(second, "select_room", {"room_id": "room-c"})

    assert desk.event_view(second)["locked_room_id"] is None
    assert "Room C" in reply.body_markdown and "option" in reply.body_markdown


def test_a_room_held_past_midnight_is_free_once_its_buffer_has_passed(round_the_clock_desk: Desk) -> None:
    desk = round_the_clock_desk
    first = desk.open_thread(thread_id="thr-late").thread_id
    desk.handle_message(first, EN.format(phrase="20:00 to 02:00"), sender=SENDER)
    desk.handle_action(first, "select_room", {"room_id": "room-c"})
    second = desk.open_thread(thread_id="thr-early").thread_id
    desk.handle_message(second, "Hi, a workshop for 30 people on 11 March 2026, 03:30 to 05:00.",
                        sender="ben@example.com")

    desk.handle_action(second, "select_room", {"room_id": "room-c"})

    assert desk.event_view(second)["locked_room_id"] == "room-c"
