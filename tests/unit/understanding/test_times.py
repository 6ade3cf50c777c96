"""Time windows, named windows, "same time" and impossible windows."""

from __future__ import annotations

import pytest

from venuedesk.understanding import TimeWindow


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("09:00-17:00", "09:00", "17:00"),
        ("09:00–17:00", "09:00", "17:00"),
        ("9:00 - 17:00", "09:00", "17:00"),
        ("9 to 5", "09:00", "17:00"),
        ("9am to 5pm", "09:00", "17:00"),
        ("2pm-6pm", "14:00", "18:00"),
        ("from 2 to 6 pm", "14:00", "18:00"),
        ("from 10 to 2 pm", "10:00", "14:00"),
        ("14-18 Uhr", "14:00", "18:00"),
        ("von 14 bis 17 Uhr", "14:00", "17:00"),
        ("14.00–17.30", "14:00", "17:30"),
        ("9.30 bis 16.45 Uhr", "09:30", "16:45"),
        ("between 1 and 5", "13:00", "17:00"),
        ("6 to 11 in the evening", "18:00", "23:00"),
        ("8:30 a.m. - 12:00", "08:30", "12:00"),
    ],
)
def test_reads_explicit_window_zero_padded(read, text, start, end):
    assert read(text).window == TimeWindow(start=start, end=end)


@pytest.mark.parametrize(
    ("text", "named", "start", "end"),
    [
        ("in the afternoon", "afternoon", "13:00", "17:00"),
        ("nachmittags", "afternoon", "13:00", "17:00"),
        ("all day", "all_day", "09:00", "17:00"),
        ("full day", "all_day", "09:00", "17:00"),
        ("ganztags", "all_day", "09:00", "17:00"),
        ("den ganzen Tag", "all_day", "09:00", "17:00"),
        ("a morning session", "morning", "08:00", "12:00"),
        ("am Vormittag", "morning", "08:00", "12:00"),
        ("in the evening", "evening", "18:00", "23:00"),
        ("abends", "evening", "18:00", "23:00"),
    ],
)
def test_named_window_comes_from_venue_policies(read, text, named, start, end):
    assert read(text).window == TimeWindow(start=start, end=end, named=named)


@pytest.mark.parametrize("text", ["Good morning, we need a room", "Guten Abend zusammen", "Guten Morgen"])
def test_greeting_is_not_a_named_window(read, text):
    assert read(text).window is None


@pytest.mark.parametrize(
    "text",
    [
        "same time",
        "same times as before",
        "the same hours",
        "gleiche Zeit",
        "zur gleichen Zeit",
        "wie gehabt",
    ],
)
def test_same_time_reuses_known_window(read, text):
    result = read(text)
    assert result.same_time is True
    assert result.window is None


@pytest.mark.parametrize(
    ("text", "words"), [("17:00-09:00", "17:00-09:00"), ("von 18 bis 14 Uhr", "von 18 bis 14 Uhr")]
)
def test_end_before_start_is_a_problem(read, text, words):
    result = read(text)
    assert result.window is None
    assert [(p.field, p.code, p.text) for p in result.problems] == [("time", "end_before_start", words)]


@pytest.mark.parametrize(
    "text",
    [
        "10-11 March",
        "30 people",
        "for 20-25 people",
        "2-3 wireless mics",
        "in 2-3 weeks",
        "10.03.2026",
        "CHF 500",
    ],
)
def test_dates_counts_and_products_are_not_times(read, text):
    assert read(text).window is None


def test_explicit_window_wins_over_named_window(read):
    assert read("afternoon, 14:00-18:00").window == TimeWindow(start="14:00", end="18:00")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("18:00-24:00", "18:00", "24:00"),
        ("18:00–00:00", "18:00", "24:00"),
        ("18.00 - 24.00", "18:00", "24:00"),
        ("18 bis 24 Uhr", "18:00", "24:00"),
        ("6pm to midnight", "18:00", "24:00"),
        ("from 6 pm until midnight", "18:00", "24:00"),
        ("18 Uhr bis Mitternacht", "18:00", "24:00"),
        ("9 until midnight", "21:00", "24:00"),
        ("10pm to 12", "22:00", "24:00"),
        ("10pm to 12am", "22:00", "24:00"),
    ],
)
def test_a_window_ending_at_midnight_ends_at_24_00(read, text, start, end):
    assert read(text).window == TimeWindow(start=start, end=end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("20:00 to 02:00", "20:00", "02:00"),
        ("from 10pm till 1am", "22:00", "01:00"),
        ("22-02 Uhr", "22:00", "02:00"),
        ("von 22 bis 1 Uhr nachts", "22:00", "01:00"),
        ("10pm to 2", "22:00", "02:00"),
        ("22:00-00:30", "22:00", "00:30"),
    ],
)
def test_a_window_past_midnight_ends_at_the_next_mornings_clock_time(read, text, start, end):
    assert read(text).window == TimeWindow(start=start, end=end)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("until midnight", "24:00"),
        ("bis Mitternacht", "24:00"),
        ("bis 24 Uhr", "24:00"),
        ("bis 0 Uhr", "24:00"),
        ("till 2am", "02:00"),
        ("bis 1 Uhr nachts", "01:00"),
    ],
)
def test_an_end_alone_late_at_night_starts_with_the_evening(read, text, end):
    assert read(text).window == TimeWindow(start="18:00", end=end, named="evening")


def test_an_end_alone_starts_with_the_named_window_the_message_gives(read):
    expected = TimeWindow(start="13:00", end="24:00", named="afternoon")
    assert read("am Nachmittag bis Mitternacht").window == expected


@pytest.mark.parametrize("text", ["bis 2 Uhr", "until 5", "bis 17 Uhr"])
def test_an_end_alone_in_the_day_is_not_guessed_into_a_window(read, text):
    result = read(text)
    assert result.window is None and result.problems == []


@pytest.mark.parametrize(("text", "words"), [("24:00-02:00", "24:00-02:00"), ("17-9 Uhr", "17-9 Uhr")])
def test_a_start_at_midnight_or_a_daytime_end_before_the_start_is_a_problem(read, text, words):
    result = read(text)
    assert result.window is None
    assert [(p.code, p.text) for p in result.problems] == [("end_before_start", words)]
