"""Head counts and their problems; numbers that belong to something else are left alone."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 people", 30),
        ("30 persons", 30),
        ("30 guests", 30),
        ("30 participants", 30),
        ("30 attendees", 30),
        ("30 pax", 30),
        ("a room for 30", 30),
        ("a group of 30", 30),
        ("we will be 38", 38),
        ("we are now 38", 38),
        ("we'll be 40 in total", 40),
        ("ca. 30 Personen", 30),
        ("rund 30 Gäste", 30),
        ("30 Teilnehmende", 30),
        ("30 Teilnehmer", 30),
        ("wir sind 25", 25),
        ("wir werden 25 sein", 25),
        ("thirty people", 30),
        ("twenty-five guests", 25),
        ("dreissig Personen", 30),
        ("dreißig Personen", 30),
        ("fünfundzwanzig Gäste", 25),
        ("for 20-25 people", 25),
        ("eine Gruppe von 12", 12),
        ("für ca. 40", 40),
    ],
)
def test_reads_head_count(read, text, expected):
    assert read(text).participants == expected


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("-5 people", "negative", "-5 people"),
        ("0 people", "zero", "0 people"),
        ("0 Personen", "zero", "0 Personen"),
    ],
)
def test_impossible_head_count_is_a_problem(read, text, code, words):
    result = read(text)
    assert result.participants is None
    assert [(p.field, p.code, p.text) for p in result.problems] == [("participants", code, words)]


@pytest.mark.parametrize(
    "text",
    [
        "10 March 2026",
        "am 12. Februar",
        "14-18 Uhr",
        "2 wireless mics",
        "6 Flaschen Prosecco",
        "Room B",
        "for CHF 500",
        "for 2 hours",
        "for 3 days",
        "in 2 weeks",
        "for 2 rooms",
    ],
)
def test_numbers_of_dates_times_products_rooms_prices_are_not_counts(read, text):
    assert read(text).participants is None


def test_last_head_count_wins(read):
    assert read("We were 30 people, but now we will be 38.").participants == 38


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can we make it 35 instead of 30?", 35),
        ("35 people instead of 30 people", 35),
        ("40 Personen statt 30 Personen", 40),
        ("We have 2 vegetarians among the 30 participants", 30),
    ],
)
def test_replaced_value_and_other_numbers_do_not_win(read, text, expected):
    assert read(text).participants == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wir sind ein halbes Dutzend für eine Vorstandssitzung", 6),
        ("We are 14 for the board meeting", 14),
        ("wir sind 9 für die Sitzung am 3. März", 9),
    ],
)
def test_a_group_size_followed_by_its_occasion_is_the_head_count(read, text, expected):
    assert read(text).participants == expected


@pytest.mark.parametrize(
    "text",
    [
        "We're a non-profit association with 300 members.",
        "Unser Verein mit rund 120 Mitgliedern plant etwas.",
        "We are a company of 500 employees.",
    ],
)
def test_the_size_of_the_clients_organisation_is_no_head_count(read, text):
    assert read(text).participants is None


def test_the_head_count_beside_the_organisations_size_is_kept(read):
    assert read("Our club with 200 members would come with 35 people.").participants == 35


def test_people_of_the_organisation_who_come_are_the_head_count(read):
    assert read("Ein Grillplausch für die ganze Firma mit 70 Personen am 3. Juni").participants == 70
