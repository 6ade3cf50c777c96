"""The confirming question: unsure facts withheld, kept on the event, named in one question (docs/design.md §4.4)."""

from __future__ import annotations

from datetime import date, datetime

from venuedesk.clock import VENUE_TZ
from venuedesk.domain.event import EventState
from venuedesk.understanding.model import FactConfidence, ProductMention, Understanding
from venuedesk.venue.loader import load_venue
from venuedesk.workflow import unsure
from venuedesk.workflow.turn import Turn

VENUE = load_venue()


def _turn(facts: Understanding, language: str = "en") -> Turn:
    state = EventState(event_id="e1", thread_id="t1", language=language)  # type: ignore[arg-type]
    return Turn(uow=None, venue=VENUE, now=datetime(2026, 2, 2, 9, tzinfo=VENUE_TZ), state=state, facts=facts,
                executor=None, turn_id="turn-1")


def _low(*facts: str) -> list[FactConfidence]:
    return [FactConfidence(fact=fact, score=0.5) for fact in facts]  # type: ignore[arg-type]


def test_an_unsure_count_is_asked_in_one_short_question_naming_it():
    turn = _turn(Understanding(participants=45, confidence=_low("participants")))
    unsure.withhold_unsure(turn)
    unsure.ask_to_confirm(turn)
    assert (turn.body, turn.next_key) == (["Just to confirm: 45 guests?"], "confirm")


def test_the_question_is_asked_in_the_clients_language():
    turn = _turn(Understanding(language="de", participants=45, confidence=_low("participants")), "de")
    unsure.withhold_unsure(turn)
    unsure.ask_to_confirm(turn)
    assert turn.body == ["Nur zur Bestätigung: 45 Gäste?"]


def test_several_unsure_facts_are_one_question():
    facts = Understanding(dates=[date(2026, 6, 9)], layout="banquet", rooms=["room-b"],
                          products=[ProductMention(product_id="prosecco", quantity=6)],
                          confidence=_low("dates", "layout", "rooms", "products"))
    turn = _turn(facts)
    unsure.withhold_unsure(turn)
    unsure.ask_to_confirm(turn)
    assert turn.body == ["Just to confirm: Tuesday, 9 June 2026, banquet layout, 6 × Prosecco, Room B?"]


def test_withheld_facts_are_kept_on_the_event_once_asked_and_asked_for_the_next_message():
    turn = _turn(Understanding(participants=45, dates=[date(2026, 6, 9)], confidence=_low("participants")))
    unsure.withhold_unsure(turn)
    assert turn.state.to_confirm == {}
    unsure.ask_to_confirm(turn)
    assert turn.state.to_confirm == {"participants": {"participants": 45}}
    assert (turn.facts.participants, turn.facts.dates, turn.asked) == (None, [date(2026, 6, 9)], ["participants"])


def test_a_yes_restores_the_kept_facts_and_clears_them():
    turn = _turn(Understanding(confirmed=["participants"]))
    turn.state.to_confirm = {"participants": {"participants": 45}}
    unsure.settle_pending(turn)
    assert (turn.facts.participants, turn.state.to_confirm) == (45, {})


def test_any_other_answer_drops_the_kept_facts():
    turn = _turn(Understanding(participants=40))
    turn.state.to_confirm = {"participants": {"participants": 45}}
    unsure.settle_pending(turn)
    assert (turn.facts.participants, turn.state.to_confirm) == (40, {})
