"""Clock times said in words ("halb 5", "half past 4", "Viertel vor 12") read as times of a window."""

from __future__ import annotations

import pytest

from venuedesk.understanding.spoken_times import find_spoken_times


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("halb 5", "4:30"),
        ("halb fünf", "4:30"),
        ("halb eins", "12:30"),
        ("viertel nach 9", "9:15"),
        ("viertel vor zwölf", "11:45"),
        ("dreiviertel 8", "7:45"),
        ("half past four", "4:30"),
        ("a quarter past 9", "9:15"),
        ("quarter to 6", "5:45"),
    ],
)
def test_spoken_clock_time_is_written_as_hours_and_minutes(text, clock):
    assert [t.clock for t in find_spoken_times(text)] == [clock]


@pytest.mark.parametrize("text", ["halbtags am 3. märz", "ein halbes dutzend", "eine halbe stunde", "half a day"])
def test_half_words_that_name_no_clock_time_are_left_alone(text):
    assert find_spoken_times(text) == []


def test_german_half_hour_ends_a_window_half_an_hour_before_the_hour(read):
    window = read("Workshop am 10. März von 9 bis halb 5").window
    assert (window.start, window.end) == ("09:00", "16:30")


def test_english_half_past_ends_a_window_half_an_hour_after_the_hour(read):
    window = read("Workshop on 10 March from 9 till half past 4").window
    assert (window.start, window.end) == ("09:00", "16:30")


def test_spoken_time_is_never_read_as_a_head_count(read):
    assert read("Wir kommen am 10. März um halb 5, 20 Personen").participants == 20
