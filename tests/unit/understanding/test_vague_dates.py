"""Vague wishes: months, weekdays, seasons and a year."""

from __future__ import annotations

import pytest

from venuedesk.understanding import VagueDates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in May", VagueDates(months=[5])),
        ("im Mai", VagueDates(months=[5])),
        ("a Friday in May", VagueDates(months=[5], weekdays=[4])),
        ("February Saturdays", VagueDates(months=[2], weekdays=[5])),
        ("Samstage im Februar", VagueDates(months=[2], weekdays=[5])),
        ("freitags im Juni", VagueDates(months=[6], weekdays=[4])),
        ("ideally a Tuesday", VagueDates(weekdays=[1])),
        ("idealerweise an einem Dienstag", VagueDates(weekdays=[1])),
        ("in March or April", VagueDates(months=[3, 4])),
        ("im März oder April", VagueDates(months=[3, 4])),
        ("May 2027", VagueDates(months=[5], year=2027)),
        ("Anfang Sept. 2026", VagueDates(months=[9], year=2026)),
        ("in Okt", VagueDates(months=[10])),
        ("May next year", VagueDates(months=[5], year=2027)),
        ("a weekend in June", VagueDates(months=[6], weekdays=[5, 6])),
    ],
)
def test_reads_vague_months_and_weekdays(read, text, expected):
    assert read(text).vague == expected


@pytest.mark.parametrize(
    ("text", "season", "months"),
    [
        ("in spring", "spring", [3, 4, 5]),
        ("im Frühling", "spring", [3, 4, 5]),
        ("im Frühjahr", "spring", [3, 4, 5]),
        ("summer", "summer", [6, 7, 8]),
        ("im Sommer", "summer", [6, 7, 8]),
        ("in autumn", "autumn", [9, 10, 11]),
        ("in the fall", "autumn", [9, 10, 11]),
        ("im Herbst", "autumn", [9, 10, 11]),
        ("winter", "winter", [12, 1, 2]),
    ],
)
def test_season_gives_its_months(read, text, season, months):
    result = read(text)
    assert result.vague is not None
    assert (result.vague.season, result.vague.months) == (season, months)


def test_season_keeps_year(read):
    assert read("spring 2027").vague == VagueDates(months=[3, 4, 5], year=2027, season="spring")


@pytest.mark.parametrize(
    "text",
    ["We may need a projector", "It may fall on a holiday", "Let's march on", "Your offer"],
)
def test_words_that_only_look_like_months_are_ignored(read, text):
    result = read(text)
    assert result.vague is None or result.vague.months == []


def test_next_month_is_the_following_month(read):
    assert read("sometime next month").vague == VagueDates(months=[3], year=2026)
