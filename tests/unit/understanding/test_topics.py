"""Knowledge topics from the venue's keywords, only when asked about."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Is there parking?", ["parking"]),
        ("Gibt es Parkplätze?", ["parking"]),
        ("Can we do hybrid / video conferencing?", ["wifi"]),
        ("Tell me about parking", ["parking"]),
        ("How do we get there by tram?", ["public_transport"]),
        ("Ist der Saal rollstuhlgängig?", ["accessibility"]),
        ("Can we bring our own caterer? And is there Wi-Fi?", ["external_catering", "wifi"]),
        ("Wann ist eine Besichtigung möglich?", ["site_visit"]),
    ],
)
def test_topic_found_in_question(read, text, expected):
    assert read(text).topics == expected


@pytest.mark.parametrize("text", ["We will come by tram.", "Parking is not needed.", "Wir brauchen WLAN."])
def test_topic_in_statement_is_not_a_question(read, text):
    assert read(text).topics == []


@pytest.mark.parametrize("text", ["How far ahead do we need to book?", "What's the latest we can confirm?",
                                  "Wie kurzfristig kann man bei Ihnen buchen?", "Bis wann müssen wir zusagen?"])
def test_a_lead_time_question_is_a_venue_question_not_an_event_request(read, text):
    reading = read(text)
    assert reading.topics == ["lead_time"] and "event_request" not in reading.intents


def test_a_lead_time_question_wrapped_over_two_lines_is_one_question(read):
    assert "event_request" not in read("Before we send details: how far ahead do we\nneed to book?").intents


def test_a_booking_in_another_clause_of_a_venue_question_stays_a_request(read):
    assert "event_request" in read("Can we book a workshop with you, and is there parking?").intents


def test_an_event_only_weighed_up_beside_a_venue_question_is_no_request(read):
    reading = read("We're thinking about holding our offsite with you. How far in advance should we book?")
    assert "event_request" not in reading.intents


def test_a_time_of_day_in_a_venue_question_is_not_the_events_window(read):
    assert read("Kann man die Dekoration schon am Vormittag bringen?").window is None
