"""Time windows over HTTP as a client sends them: until midnight, past midnight, and any phrasing at all.

No time phrasing is a 500: each gets a 200 Reply with its footer and no internal words, and the desk never
captures a window the venue cannot book (the demo venue is open 08:00-23:00).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api_helpers import SENDER, ok, open_thread
from limits_off import switch_limits_off
from venuedesk.domain.windows import parse_end, parse_hhmm, window_problem
from venuedesk.workflow import desk as desk_module
from venuedesk.workflow.desk import Desk

FOOTER = re.compile(r"Step: [1-7] .+ · Next: .+ · State: (Awaiting Client|Waiting on HIL|Checking|Closed)")
INTERNAL_WORDS = re.compile(r"Error|Exception|Traceback|failed on this request|it was logged|internal", re.I)
EN = "Hi, we'd like a dinner for 30 people on 10 March 2026, {phrase}."
DE = "Guten Tag, wir möchten ein Abendessen für 30 Personen am 10. März 2026, {phrase}."
PHRASES = [
    (EN, "18:00-24:00"), (DE, "18 bis 24 Uhr"), (DE, "bis Mitternacht"), (EN, "6pm to midnight"),
    (EN, "until midnight"), (EN, "20:00 to 02:00"), (EN, "from 10pm till 1am"), (DE, "22-02 Uhr"),
]


def _send(client: TestClient, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new thread, one message; the Reply (asserting 200) and the thread view."""
    thread_id, headers = open_thread(client)
    response = client.post(f"/api/threads/{thread_id}/messages", json={"text": text, "from": SENDER},
                           headers=headers)
    assert response.status_code == 200, (text, response.status_code, response.text)
    return response.json(), ok(client.get(f"/api/threads/{thread_id}", headers=headers))


def _assert_sound(reply: dict[str, Any], view: dict[str, Any], policies: Any) -> None:
    """A clean client reply, and any captured window lies inside the venue's hours."""
    assert FOOTER.fullmatch(reply["footer_text"]), reply["footer_text"]
    assert not INTERNAL_WORDS.search(reply["body_markdown"]), reply["body_markdown"]
    requirements = view["event"]["requirements"]
    if requirements["start_time"] is not None:
        start, end = parse_hhmm(requirements["start_time"]), parse_end(requirements["end_time"])
        assert window_problem(start, end, policies) is None, requirements


@pytest.mark.parametrize(("template", "phrase"), PHRASES, ids=[phrase for _, phrase in PHRASES])
def test_a_window_until_or_past_midnight_gets_a_reply_naming_the_closing_hour(
    client: TestClient, desk: Desk, template: str, phrase: str
) -> None:
    reply, view = _send(client, template.format(phrase=phrase))

    assert "23:00" in reply["body_markdown"]
    assert "use_window" in [action["name"] for action in reply["actions"]]
    _assert_sound(reply, view, desk.venue.policies)


def test_a_failure_inside_a_turn_is_a_200_reply_not_a_500(
    client: TestClient, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("boom in the engine")

    monkeypatch.setattr(desk_module, "run_client_turn", broken)

    reply, view = _send(client, EN.format(phrase="18:00-23:00"))

    assert "venue's team will check your request" in reply["body_markdown"]
    assert "boom" not in reply["body_markdown"]
    assert view["hil_open"] == 1
    assert view["event"]["requirements"]["participants"] == 30


_HOUR = st.integers(min_value=0, max_value=30).map(str) | st.sampled_from(["00", "06", "09", "12", "24", "7"])
_CLOCK = st.builds(
    lambda hour, minutes, mark: f"{hour}{minutes}{mark}",
    _HOUR,
    st.sampled_from(["", ":00", ":30", ".15", ":59", ":60", "h"]),
    st.sampled_from(["", " am", "pm", " p.m.", " Uhr", " uhr nachts", "h", " o'clock"]),
)
_END = _CLOCK | st.sampled_from(["midnight", "Mitternacht", "noon", "12am", "0 Uhr", "24 Uhr"])
_SEPARATOR = st.sampled_from(["-", " - ", "–", " to ", " till ", " until ", " bis ", " and ", "—"])
_PREFIX = st.sampled_from(["", "from ", "von ", "ab ", "between ", "zwischen ", "abends ", "in the evening "])
_RANGE = st.builds(lambda pre, a, sep, b: f"{pre}{a}{sep}{b}", _PREFIX, _CLOCK, _SEPARATOR, _END)
_UNTIL = st.sampled_from(["until", "till", "to", "bis", "bis um"])
_END_ONLY = st.builds(lambda word, end: f"{word} {end}", _UNTIL, _END)
_PHRASE = _RANGE | _END_ONLY | st.text(alphabet="0123456789:.-– apmUhrbisto", max_size=24)


@pytest.fixture(autouse=True)
def _limits_off(desk: Desk) -> None:
    switch_limits_off(desk)  # 120 examples open 120 threads from one address


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(phrase=_PHRASE, german=st.booleans())
def test_no_time_phrasing_is_a_500_or_captures_a_window_the_venue_cannot_book(
    client: TestClient, desk: Desk, phrase: str, german: bool
) -> None:
    reply, view = _send(client, (DE if german else EN).format(phrase=phrase))

    _assert_sound(reply, view, desk.venue.policies)

