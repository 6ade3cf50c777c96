"""Time-window words written as clients write them, and standing forms (issue 9 class 4)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", ["an all-day workshop", "a full-day slot", "the whole-day", "all day long",
                                  "ein ganztägiger Workshop", "ganztägig", "ganztags"])
def test_all_day_in_any_spelling_is_the_all_day_window(read, text):
    window = read(text).window
    assert window is not None and (window.start, window.end) == ("09:00", "17:00")


@pytest.mark.parametrize("text", ["a half-day training", "half a day", "halbtags", "ein halber Tag"])
def test_a_half_day_alone_names_no_window(read, text):
    assert read(text).window is None


@pytest.mark.parametrize(
    ("text", "weekday", "window"),
    [
        ("Samstagnachmittag", 5, ("13:00", "17:00")),
        ("am Freitagabend", 4, ("18:00", "23:00")),
        ("donnerstagabends", 3, ("18:00", "23:00")),
        ("Montagvormittag", 0, ("08:00", "12:00")),
        ("a Thursday night get-together", 3, ("18:00", "23:00")),
        ("Friday-night drinks", 4, ("18:00", "23:00")),
        ("Friday evening", 4, ("18:00", "23:00")),
    ],
)
def test_a_weekday_with_a_part_of_day_is_a_weekday_and_a_window(read, text, weekday, window):
    reading = read(text)
    assert reading.vague is not None and reading.vague.weekdays == [weekday]
    assert reading.window is not None and (reading.window.start, reading.window.end) == window


def test_sonnabend_is_saturday_not_an_evening(read):
    reading = read("am Sonnabend")
    assert reading.window is None
    assert reading.vague is not None and reading.vague.weekdays == [5]


@pytest.mark.parametrize(("text", "window"), [("from 10pm until 2am", ("22:00", "02:00")),
                                              ("von 22 bis 2 Uhr", ("22:00", "02:00")),
                                              ("7pm until midnight", ("19:00", "24:00"))])
def test_windows_until_or_past_midnight_are_read_as_written(read, text, window):
    reading = read(text)
    assert reading.window is not None and (reading.window.start, reading.window.end) == window


@pytest.mark.parametrize("text", ["Stehapéro", "Steh-Apéro", "der Empfang findet im Stehen statt",
                                  "a standing reception", "a flying dinner", "ein Flying Dinner", "walking dinner"])
def test_standing_forms_are_the_standing_layout(read, text):
    assert read(text).layout == "standing"


@pytest.mark.parametrize(("text", "window"), [("from 6pm", ("18:00", "23:00")), ("ab 18 Uhr", ("18:00", "23:00")),
                                              ("starting at 19:00", ("19:00", "23:00")),
                                              ("ab 14 Uhr", ("14:00", "17:00"))])
def test_a_start_alone_ends_with_the_next_named_window_and_is_unsure(read, text, window):
    reading = read(text)
    assert reading.window is not None and (reading.window.start, reading.window.end) == window
    assert reading.unsure("window")


def test_a_start_inside_a_named_window_moves_its_start_with_certainty(read):
    reading = read("abends ab 19 Uhr")
    assert reading.window is not None and (reading.window.start, reading.window.end) == ("19:00", "23:00")
    assert not reading.unsure("window")


@pytest.mark.parametrize("text", ["from 10 people", "ab 40 Personen", "from 10.3."])
def test_a_number_after_from_without_a_clock_mark_is_no_start(read, text):
    assert read(text).window is None


@pytest.mark.parametrize(("text", "window"), [("We'd start at 13:00 and finish at 17:00.", ("13:00", "17:00")),
                                              ("Wir beginnen um 9.30 Uhr und enden um 16 Uhr.", ("09:30", "16:00")),
                                              ("starting at 7pm, wrapping up by 10pm", ("19:00", "22:00"))])
def test_a_start_with_its_end_said_after_it_is_that_window_with_certainty(read, text, window):
    reading = read(text)
    assert reading.window is not None and (reading.window.start, reading.window.end) == window
    assert not reading.unsure("window")
