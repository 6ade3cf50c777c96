"""Occasions and catering (issue 9 classes 5 and 6): an occasion implies a layout and a meal but is never an
order; a bracketed alias is one product; quantities in any position; Swiss words; unknown items asked about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from venuedesk.domain.catalogue import Product, Venue
from venuedesk.understanding import understand
from venuedesk.understanding.model import Understanding
from venuedesk.venue.loader import load_venue

TODAY = date(2026, 2, 2)
VENUE = load_venue()


def _read(text: str, venue: Venue = VENUE) -> Understanding:
    return understand(text, venue, TODAY)


def _products(reading: Understanding) -> list[tuple[str, int | None]]:
    return [(mention.product_id, mention.quantity) for mention in reading.products]


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("We'd like to host a dinner for 48 guests in April.", "dinner"),
        ("Unser Weihnachtsessen mit 35 Personen", "dinner"),
        ("our wedding celebration on 29 August", "wedding"),
        ("Galaabend für 70 Gäste", "gala"),
        ("small apero for the team, 35 ppl", "apero"),
        ("Wir organisieren einen Empfang für 110 Gäste", "reception"),
        ("Fachtagung mit 55 Teilnehmenden", "conference"),
        ("Für unsere Verwaltungsratssitzung suchen wir einen Raum", "board_meeting"),
        ("a lunch meeting with our regional managers", "lunch_meeting"),
        ("Wir planen einen Grillabend für 45 Mitarbeitende", "bbq"),
    ],
)
def test_an_occasion_word_names_the_event_type(text: str, event_type: str) -> None:
    assert _read(text).event_type == event_type


def test_an_occasion_is_no_order_and_its_meal_is_left_to_ask() -> None:
    reading = _read("We're planning a lunch meeting for 14 people on 17 March.")
    assert reading.products == []
    assert reading.catering_implied == ["lunch"]


def test_a_compound_occasion_adds_no_product() -> None:
    reading = _read("Our board would like to host a business dinner for 24 guests.")
    assert (reading.products, reading.catering_implied) == ([], ["dinner"])


@pytest.mark.parametrize(
    "text",
    [
        "A workshop for 18 people with lunch and a coffee break.",
        "We'd like lunch for all guests.",
        "Mittagessen für alle, bitte.",
        "coffee break and lunch for everyone",
    ],
)
def test_a_meal_word_that_is_ordered_is_an_order(text: str) -> None:
    reading = _read(text)
    assert ("lunch", None) in _products(reading)
    assert reading.catering_implied == []


def test_a_second_occasion_word_after_the_first_is_an_order() -> None:
    reading = _read("Für unseren Workshop hätten wir am Anfang Kafi und Gipfeli und am Mittag einen Zmittag.")
    assert reading.event_type == "workshop"
    assert _products(reading) == [("coffee-snacks", None), ("lunch", None)]


def test_the_occasion_s_meal_named_in_brackets_is_ordered_not_asked() -> None:
    reading = _read("Bitte für 70 Gäste ein Apéro (Apéro klassisch) am 8. Mai.")
    assert reading.event_type == "apero"
    assert _products(reading) == [("apero-classic", None)]
    assert reading.catering_implied == []


def test_a_longer_product_name_around_an_occasion_word_is_that_product() -> None:
    reading = _read("Statt eines Nachtessens möchten wir ein Apéro riche für 90 Gäste.")
    assert reading.event_type == "apero"
    assert _products(reading) == [("apero-premium", None)]


def test_a_negated_occasion_is_not_the_event() -> None:
    assert _read("Not a dinner, rather a reception for 80 people.").event_type == "reception"


def test_an_occasion_after_another_is_the_context_not_the_event() -> None:
    assert _read("Nach der Generalversammlung möchten wir einen Apéro für 90 Personen.").event_type == "apero"


@pytest.mark.parametrize(
    ("text", "asked"),
    [("Do you offer lunch?", "lunch"), ("Gibt es bei Ihnen Mittagessen?", "lunch"), ("What does the apéro cost?", "apero-classic")],
)
def test_a_meal_word_in_a_question_asks_about_the_product(text: str, asked: str) -> None:
    reading = _read(text)
    assert (reading.event_type, reading.catering_implied, reading.products_asked) == (None, [], [asked])


def test_a_question_for_an_occasion_names_the_occasion() -> None:
    assert _read("Is Room C free for a dinner for 50 on 5 May?").event_type == "dinner"


def test_no_occasion_no_event_type_and_nothing_implied() -> None:
    reading = _read("Do you have a room for 25 people on 20 March?")
    assert (reading.event_type, reading.catering_implied) == (None, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kaffeepause (Coffee & snacks) bitte", [("coffee-snacks", None)]),
        ("Kaffee und Gipfeli (Kaffee & Snacks)", [("coffee-snacks", None)]),
        ("Lunch (premium lunch) for 20", [("lunch-premium", None)]),
        ("a coffee break (coffee & snacks) and a projector", [("coffee-snacks", None), ("projector", None)]),
    ],
)
def test_a_product_named_with_its_alias_in_brackets_is_one_product(text: str, expected: list) -> None:
    assert _products(_read(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dazu hätten wir gerne Prosecco (12 Flaschen).", [("prosecco", 12)]),
        ("Drinks: Champagne (2 bottles).", [("champagne", 2)]),
        ("Please add 12 Flaschen Prosecco.", [("prosecco", 12)]),
        ("Please add a dozen bottles of prosecco.", [("prosecco", 12)]),
        ("Bitte ein Dutzend Flaschen Champagner dazu.", [("champagne", 12)]),
        ("Please add half a dozen bottles of prosecco.", [("prosecco", 6)]),
        ("Please add 2 dozen bottles of prosecco.", [("prosecco", 24)]),
        ("Please put Prosecco x 12 on the offer.", [("prosecco", 12)]),
        ("and wireless mic x 2.", [("wireless-mic", 2)]),
        ("Technik: 2x Beamer.", [("projector", 2)]),
    ],
)
def test_a_quantity_in_any_position_is_kept(text: str, expected: list) -> None:
    assert _products(_read(text)) == expected


@pytest.mark.parametrize(
    ("text", "product_id"),
    [
        ("Bitte Kafi für alle.", "coffee-basic"),
        ("Ein Znüni in der Pause, bitte.", "coffee-snacks"),
        ("Wir hätten gern ein Zvieri.", "coffee-snacks"),
        ("Wir starten mit einem Zmorge für alle.", "breakfast"),
        ("Und Gipfeli, bitte.", "coffee-snacks"),
    ],
)
def test_swiss_words_map_to_the_catalogue(text: str, product_id: str) -> None:
    assert [mention.product_id for mention in _read(text).products] == [product_id]


def test_an_item_the_catalogue_lacks_is_kept_as_written_to_ask_about() -> None:
    reading = _read("Zum Schluss hätten wir gern ein paar Plättli und Wein (12 Flaschen).")
    assert reading.unknown_items == ["Plättli", "Wein"]
    assert reading.products == []


def test_an_item_declined_is_not_asked_about() -> None:
    assert _read("No wine please, just coffee.").unknown_items == []


def test_an_item_the_catalogue_has_is_a_product_not_unknown() -> None:
    wine = Product(id="wine", names={"en": "House wine"}, category="beverages", unit="per_bottle",
                   price=Decimal("32.00"), synonyms=("wine", "wein"))
    venue = replace(VENUE, products=(*VENUE.products, wine))
    reading = _read("Zum Essen hätten wir gern Wein (12 Flaschen).", venue)
    assert (_products(reading), reading.unknown_items) == ([("wine", 12)], [])
