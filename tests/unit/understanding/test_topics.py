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
