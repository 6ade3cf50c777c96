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
