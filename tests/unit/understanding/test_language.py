"""Language detection: German vs English by stop words; the known language breaks ties."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi, we'd like a workshop for 30 people in March.", "en"),
        ("Is there parking?", "en"),
        ("Room B please, no catering", "en"),
        ("Guten Tag, wir planen ein Seminar für 25 Personen.", "de"),
        ("Gibt es Parkplätze?", "de"),
        ("Wir sind 25, bitte mit Kaffee und Tee.", "de"),
        ("Einverstanden, wir nehmen das Angebot an.", "de"),
        ("Doch lieber Raum C, danke.", "de"),
    ],
)
def test_detects_language_from_stop_words(read, text, expected):
    assert read(text).language == expected


@pytest.mark.parametrize(
    ("text", "known", "expected"),
    [
        ("ok", "de", "de"),
        ("ok", "en", "en"),
        ("10.03.2026", "de", "de"),
        ("10.03.2026", None, "en"),
        ("Prosecco", "de", "de"),
    ],
)
def test_known_language_breaks_ties_for_short_messages(read, text, known, expected):
    assert read(text, known_language=known).language == expected


def test_clear_german_wins_over_known_english(read):
    assert (
        read("Wir sind jetzt 38 Personen und brauchen auch Mittagessen.", known_language="en").language
        == "de"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Hi, we are from Bäckerei Müller in Zürich. Room for 20 on 12 March?",
        "Our address is Haus am See, Seestrasse 12, 8800 Thalwil.",
        "We are the team of Restaurant Zur Linde, 20 people on 5 May.",
        "The Weihnachtsessen for 30 people on 11 December, please.",
    ],
)
def test_german_names_and_places_in_an_english_mail_keep_it_english(read, text):
    assert read(text).language == "en"


def test_a_german_city_and_date_alone_do_not_switch_an_english_conversation(read):
    assert read("Zürich, 12. März", known_language="en").language == "en"


@pytest.mark.parametrize("text", ["Kaffee und Tee please", "Danke, we will take Raum B"])
def test_german_catalogue_names_do_not_switch_an_english_conversation(read, text):
    assert read(text, known_language="en").language == "en"


@pytest.mark.parametrize(
    "text", ["Wir nehmen Room B mit Premium apéro", "Premium lunch and coffee break", "Room B please", "Yes please"]
)
def test_english_names_and_short_answers_do_not_switch_a_german_conversation(read, text):
    assert read(text, known_language="de").language == "de"


def test_a_full_english_message_switches_a_german_conversation(read):
    assert read("Could we also have a look at the rooms before we decide?", known_language="de").language == "en"
