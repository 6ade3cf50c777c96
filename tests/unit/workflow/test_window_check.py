"""The engine's check of an asked window against the venue's hours, before anything is captured."""

from __future__ import annotations

from datetime import datetime

import pytest

from venuedesk.clock import VENUE_TZ
from venuedesk.domain.event import EventState
from venuedesk.understanding.model import TimeWindow, Understanding
from venuedesk.venue.loader import load_venue
from venuedesk.workflow.turn import Turn
from venuedesk.workflow.window_check import check_window, explain_hours

VENUE = load_venue()


def _turn(start: str, end: str, language: str = "en") -> Turn:
    state = EventState(event_id="e1", thread_id="t1", language=language)  # type: ignore[arg-type]
    window = TimeWindow(start=start, end=end)
    facts = Understanding(language=language, window=window)  # type: ignore[arg-type]
    return Turn(uow=None, venue=VENUE, now=datetime(2026, 2, 2, 9, tzinfo=VENUE_TZ), state=state, facts=facts,
                executor=None, turn_id="turn-1")


@pytest.mark.parametrize(
    ("start", "end", "canonical"),
    [("9:00", "17:00", ("09:00", "17:00")), ("18:00", "23:00", ("18:00", "23:00"))],
)
def test_a_window_inside_the_hours_is_no_problem_and_is_written_canonically(start, end, canonical):
    turn = _turn(start, end)
    check_window(turn)
    assert turn.facts.problems == []
    assert turn.facts.window is not None and (turn.facts.window.start, turn.facts.window.end) == canonical


def test_a_models_00_00_end_is_midnight_written_24_00():
    turn = _turn("20:00", "00:00")
    check_window(turn)
    assert [p.code for p in turn.facts.problems] == ["ends_after_closing"]
    assert turn.facts.problems[0].text == "20:00–24:00"


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [("18:00", "24:00", "ends_after_closing"), ("20:00", "02:00", "ends_after_closing"),
     ("07:00", "12:00", "starts_before_opening"), ("17:00", "09:00", "end_before_start"),
     ("6pm", "midnight", "invalid_time"), ("25:00", "26:00", "invalid_time")],
)
def test_a_window_the_venue_cannot_book_or_read_is_a_time_problem(start, end, code):
    turn = _turn(start, end)
    check_window(turn)
    assert [(p.field, p.code) for p in turn.facts.problems] == [("time", code)]


def test_the_refusal_offers_the_window_cut_to_closing_and_remembers_it():
    turn = _turn("18:00", "24:00")
    explain_hours(turn)
    assert "the latest possible end is 23:00" in " ".join(turn.body)
    assert [(a.name, a.args) for a in turn.actions] == [("use_window", {"start": "18:00", "end": "23:00"})]
    assert turn.state.suggested_window == ("18:00", "23:00") and turn.state.window_asked


def test_a_window_both_too_early_and_too_late_names_both_limits():
    turn = _turn("06:00", "24:00", "de")
    explain_hours(turn)
    body = " ".join(turn.body)
    assert "früheste Beginn ist 08:00" in body and "späteste Ende ist 23:00" in body
    assert turn.actions[0].args == {"start": "08:00", "end": "23:00"}


def test_a_window_starting_at_closing_offers_nothing_and_asks_for_another_time():
    turn = _turn("23:00", "01:00")
    explain_hours(turn)
    assert turn.actions == [] and "Which time would suit you instead?" in turn.body
