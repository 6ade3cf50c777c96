"""Misspelt layout words (docs/understanding.md "Misspelt layouts"): one typing slip away is the layout."""

from __future__ import annotations

import pytest

from venuedesk.understanding.layout_typos import find_misspelt_layout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("classrom style", "classroom"),
        ("boardrom setup", "boardroom"),
        ("banqet seating", "banquet"),
        ("banketbestuhlung", "banquet"),
        ("theaterbestulung", "theatre"),
        ("parlament-bestuhlung", "classroom"),
        ("u-from", "u_shape"),
        ("theatr-style", "theatre"),
    ],
)
def test_a_word_one_slip_from_a_layout_word_is_that_layout(text, expected):
    assert find_misspelt_layout(text).layout == expected  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["is there a heater on the terrace", "we need a table", "a basket of bread",
                                  "eine delegation aus dem kantonsparlament", "classic and relaxed"])
def test_an_ordinary_word_is_no_layout(text):
    assert find_misspelt_layout(text) is None


def test_a_match_beside_a_layout_cue_is_cued():
    assert find_misspelt_layout("classrom style").cued  # type: ignore[union-attr]


def test_a_match_without_a_layout_cue_is_not_cued():
    assert not find_misspelt_layout("we'd like it banket please").cued  # type: ignore[union-attr]


def test_a_negated_misspelt_layout_is_none():
    assert find_misspelt_layout("not classrom style") is None


def test_a_misspelt_layout_without_a_cue_is_read_unsure(read):
    reading = read("30 people on 3 March, banket please")
    assert reading.layout == "banquet" and reading.unsure("layout")


def test_a_misspelt_layout_with_a_cue_is_read_certain(read):
    reading = read("30 people on 3 March, classrom style")
    assert reading.layout == "classroom" and not reading.unsure("layout")


def test_an_exactly_written_layout_is_never_unsure(read):
    assert not read("30 people, classroom style").unsure("layout")
