"""Layouts mapped to the canonical names."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("theatre style", "theatre"),
        ("theater seating", "theatre"),
        ("Theaterbestuhlung", "theatre"),
        ("Reihenbestuhlung", "theatre"),
        ("classroom", "classroom"),
        ("Schulbestuhlung", "classroom"),
        ("parlamentarisch", "classroom"),
        ("in U", "u_shape"),
        ("u-shape", "u_shape"),
        ("U-shape please", "u_shape"),
        ("U shaped", "u_shape"),
        ("U-Form", "u_shape"),
        ("U-Bestuhlung", "u_shape"),
        ("boardroom", "boardroom"),
        ("board room", "boardroom"),
        ("Konferenzbestuhlung", "boardroom"),
        ("a board meeting with 14 people", "boardroom"),
        ("banquet", "banquet"),
        ("Bankett", "banquet"),
        ("gala tables", "banquet"),
        ("standing reception", "standing"),
        ("Stehempfang", "standing"),
        ("cocktail style", "standing"),
        ("stehend", "standing"),
        ("a workshop for 30 people", "workshop"),
        ("Workshop für 20 Personen", "workshop"),
    ],
)
def test_reads_canonical_layout(read, text, expected):
    assert read(text).layout == expected


def test_explicit_layout_beats_workshop_event_type(read):
    assert read("a workshop for 20 people in U-shape").layout == "u_shape"


def test_negated_layout_is_ignored(read):
    assert read("not theatre, rather classroom").layout == "classroom"


@pytest.mark.parametrize("text", ["You are great", "Und dann", "We need a room"])
def test_no_layout_without_layout_words(read, text):
    assert read(text).layout is None


@pytest.mark.parametrize("text", ["Parlament-Stil", "in Parlament-Bestuhlung", "Parlamentsbestuhlung"])
def test_parlament_with_a_layout_word_is_classroom(read, text):
    assert read(text).layout == "classroom"


def test_a_parliament_alone_is_no_layout(read):
    assert read("Wir sind eine Delegation aus dem Kantonsparlament.").layout is None
