"""A time window the client asks for is checked against the venue's hours before it is captured.

A window past closing ("18:00-24:00" at a venue that closes at 23:00), before opening, or one a model
wrote unreadably, becomes a `time` problem: it is not captured, and the reply says why, names the latest
end (or earliest start) and offers the window cut to the opening hours as a `use_window` action; at the
date step, an answer without times takes that suggestion (as it takes the default after `ask_window`).
Everything else the message gives is captured as usual.
"""

from __future__ import annotations

from datetime import time

from venuedesk.domain.windows import (
    WindowProblem,
    format_end,
    format_hhmm,
    parse_end,
    parse_hhmm,
    window_problem,
)
from venuedesk.understanding.model import Problem
from venuedesk.workflow import texts
from venuedesk.workflow.reply import Action
from venuedesk.workflow.turn import Turn

OPENING_HOURS_CODES = frozenset({"starts_before_opening", "ends_after_closing"})


def _times(turn: Turn) -> tuple[time, time] | None:
    """The asked window as times, or None when there is none or it is not readable."""
    window = turn.facts.window
    if window is None:
        return None
    try:
        return parse_hhmm(window.start), parse_end(window.end)
    except ValueError:
        return None


def check_window(turn: Turn) -> None:
    """Turn a window the venue cannot book (or cannot read) into a `time` problem of this message."""
    window = turn.facts.window
    if window is None or any(problem.field == "time" for problem in turn.facts.problems):
        return
    times = _times(turn)
    words = f"{window.start}–{window.end}"
    if times is None:
        turn.facts.problems.append(Problem(field="time", code="invalid_time", text=words))
        return
    problem = window_problem(*times, turn.venue.policies)
    if problem is not None:
        code = "end_before_start" if problem.code == "end_not_after_start" else problem.code
        turn.facts.problems.append(Problem(field="time", code=code, text=f"{problem.start}–{problem.end}"))
        return
    start, end = format_hhmm(times[0]), format_end(times[1])
    if (start, end) != (window.start, window.end):  # a model's "9:00" / "00:00" are kept as "09:00" / "24:00"
        turn.facts.window = window.model_copy(update={"start": start, "end": end})


def explain_hours(turn: Turn) -> None:
    """Say why the asked window is outside the opening hours and offer the nearest window inside them."""
    times = _times(turn)
    problem = window_problem(*times, turn.venue.policies) if times else None
    if problem is None:
        return
    venue = turn.venue.name
    if problem.start < problem.earliest_start:
        turn.say("window_before_opening", venue=venue, start=problem.start, open=problem.earliest_start)
    if problem.code == "ends_after_closing" or _ends_late(problem):
        turn.say("window_after_closing", venue=venue, start=problem.start, end=problem.end,
                 close=problem.latest_end)
    if problem.suggestion is None:
        turn.say("window_other_time")
        return
    start, end = problem.suggestion
    turn.say("window_suggestion", start=start, end=end)
    turn.actions.append(use_window_action(start, end, turn.language))
    turn.state.suggested_window = (start, end)
    turn.state.window_asked = True


def _ends_late(problem: WindowProblem) -> bool:
    """Whether the asked end is also past closing (a window that starts early may end late too)."""
    return problem.suggestion is not None and problem.suggestion[1] != problem.end


def use_window_action(start: str, end: str, language: str) -> Action:
    """A button that takes the suggested window."""
    label = texts.say("use_window_label", language, start=start, end=end)
    return Action(name="use_window", label=label, args={"start": start, "end": end}, style="primary")
