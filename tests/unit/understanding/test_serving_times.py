"""A part of the day said for a catering item is when it is served, not the event's window (issue 9 class 4)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", ["Am Nachmittag hätten wir gern ein Zvieri für alle.",
                                  "Am Morgen bitte Kafi und Gipfeli.",
                                  "In the morning coffee and croissants, please."])
def test_a_part_of_day_for_a_catering_item_is_no_event_window(read, text):
    reading = read(text)
    assert reading.window is None and reading.products


@pytest.mark.parametrize(("text", "start"), [("Workshop am Nachmittag mit Kaffeepause für 20 Personen", "13:00"),
                                             ("We need the room in the afternoon, with coffee break.", "13:00"),
                                             ("Apéro am Abend für 50 Personen", "18:00")])
def test_a_part_of_day_for_the_event_stays_its_window_beside_catering(read, text, start):
    reading = read(text)
    assert reading.window is not None and reading.window.start == start
