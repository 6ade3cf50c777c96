"""Products from the catalogue: longest match, quantities, removals, "none", and questions."""

from __future__ import annotations

import pytest

from venuedesk.understanding import ProductMention


def _ids(result):
    return [(p.product_id, p.quantity) for p in result.products]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("coffee & snacks", [("coffee-snacks", None)]),
        ("coffee and snacks", [("coffee-snacks", None)]),
        ("premium lunch", [("lunch-premium", None)]),
        ("Kaffee und Tee", [("coffee-basic", None)]),
        ("mit Kaffee & Tee und Mittagessen", [("coffee-basic", None), ("lunch", None)]),
        ("a projector", [("projector", None)]),
        ("einen Beamer", [("projector", None)]),
        ("three-course dinner", [("dinner-3", None)]),
        ("flip charts", [("flipchart", None)]),
        ("Apéro", [("apero-classic", None)]),
        ("premium apero", [("apero-premium", None)]),
        ("lunches for everyone", [("lunch", None)]),
    ],
)
def test_matches_longest_catalogue_term(read, text, expected):
    assert _ids(read(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two wireless microphones", [("wireless-mic", 2)]),
        ("2 mics", [("wireless-mic", 2)]),
        ("6 Flaschen Prosecco", [("prosecco", 6)]),
        ("zwei Funkmikrofone", [("wireless-mic", 2)]),
        ("3x flipchart", [("flipchart", 3)]),
        ("flipchart x 2", [("flipchart", 2)]),
        ("10 bottles of champagne", [("champagne", 10)]),
    ],
)
def test_quantity_only_when_a_number_is_said(read, text, expected):
    assert _ids(read(text)) == expected


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        ("without lunch", ["lunch"]),
        ("remove the lunch", ["lunch"]),
        ("no lunch after all", ["lunch"]),
        ("drop the prosecco", ["prosecco"]),
        ("ohne Mittagessen", ["lunch"]),
        ("doch kein Mittagessen", ["lunch"]),
        ("streichen Sie den Prosecco", ["prosecco"]),
        ("den Prosecco bitte streichen", ["prosecco"]),
        ("without lunch and prosecco", ["lunch", "prosecco"]),
        ("we don't need the projector", ["projector"]),
    ],
)
def test_removal_goes_to_products_removed(read, text, removed):
    result = read(text)
    assert result.products_removed == removed
    assert result.products == []


def test_removal_and_addition_in_one_message(read):
    result = read("No coffee, but lunch for everyone")
    assert result.products_removed == ["coffee-basic"]
    assert _ids(result) == [("lunch", None)]


def test_premium_instead_of_plain_lunch(read):
    result = read("premium lunch instead of lunch")
    assert _ids(result) == [("lunch-premium", None)]
    assert result.products_removed == ["lunch"]


@pytest.mark.parametrize(
    "text",
    [
        "no catering",
        "no extras",
        "nothing else",
        "no products",
        "that's all",
        "ohne Verpflegung",
        "keine Extras",
        "nichts weiter",
        "sonst nichts",
        "just the room",
    ],
)
def test_deciding_no_products(read, text):
    result = read(text)
    assert result.no_products is True
    assert result.products == []
    assert result.products_removed == []


def test_products_then_nothing_else_keeps_products_and_decides(read):
    result = read("Coffee and lunch, nothing else.")
    assert _ids(result) == [("coffee-basic", None), ("lunch", None)]
    assert result.no_products is True


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("do you have a projector?", ["projector"]),
        ("Haben Sie einen Beamer?", ["projector"]),
        ("Is there a sound system in Room C?", ["pa-system"]),
    ],
)
def test_product_in_a_question_is_asked_not_added(read, text, asked):
    result = read(text)
    assert result.products == []
    assert result.products_asked == asked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can we add a projector?", [("projector", None)]),
        ("Could we also get 2 mics?", [("wireless-mic", 2)]),
        ("Können wir bitte noch Prosecco dazu buchen?", [("prosecco", None)]),
    ],
)
def test_request_phrased_as_question_adds_product(read, text, expected):
    assert _ids(read(text)) == expected


def test_each_product_once(read):
    assert read("lunch, and lunch again").products == [ProductMention(product_id="lunch")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Champagner 3 Flaschen", [("champagne", 3)]),
        ("prosecco 12 bottles", [("prosecco", 12)]),
        ("Flipchart 2 Stück", [("flipchart", 2)]),
    ],
)
def test_a_number_with_its_unit_after_the_product_is_its_quantity(read, text, expected):
    assert _ids(read(text)) == expected


def test_a_bare_number_after_a_product_is_no_quantity(read):
    assert _ids(read("Prosecco 2026")) == [("prosecco", None)]
