"""Ask instead of guess: unsure facts are withheld, kept and restored on the client's yes (docs/design.md §4.4)."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.domain.event import EventState
from venuedesk.understanding import understand
from venuedesk.understanding.capture import capture
from venuedesk.understanding.confirming import certain, confirms, with_confirmed, withheld
from venuedesk.understanding.context import MessageContext, message_context
from venuedesk.understanding.model import FactConfidence, Understanding

TODAY = date(2026, 2, 2)
UNSURE_COUNT = FactConfidence(fact="participants", score=0.5, reason="range")


def _unsure_count_and_sure_date() -> Understanding:
    return Understanding(participants=40, dates=[date(2026, 3, 10)], confidence=[UNSURE_COUNT])


@pytest.mark.parametrize(
    "text", ["yes", "Yes, correct.", "Yep that's right", "correct", "exactly, thanks", "ja", "Ja, genau.",
             "Genau", "Stimmt so", "korrekt", "Hallo, ja das stimmt"],
)
def test_a_plain_yes_confirms(text):
    assert confirms(text)


@pytest.mark.parametrize(
    "text", ["no, 40", "Yes, but we are actually 40", "ja, aber eher 40", "Nein, 25.", "maybe", "not sure",
             "Can you send the offer?"],
)
def test_a_correction_doubt_or_other_message_does_not_confirm(text):
    assert not confirms(text)


def test_unsure_facts_are_withheld_and_sure_ones_kept():
    facts = certain(_unsure_count_and_sure_date())
    assert (facts.participants, facts.dates) == (None, [date(2026, 3, 10)])


def test_withheld_values_are_restored_by_a_yes_with_certainty():
    pending = withheld(_unsure_count_and_sure_date())
    restored = with_confirmed(Understanding(confirmed=["participants"]), pending)
    assert (restored.participants, restored.unsure("participants")) == (40, False)


def test_a_value_the_answer_gives_itself_wins_over_the_kept_one():
    pending = withheld(_unsure_count_and_sure_date())
    restored = with_confirmed(Understanding(participants=35, confirmed=["participants"]), pending)
    assert restored.participants == 35


def test_an_answer_that_confirms_nothing_restores_nothing():
    pending = withheld(_unsure_count_and_sure_date())
    assert with_confirmed(Understanding(), pending).participants is None


def test_capture_never_takes_an_unsure_fact():
    state = EventState(event_id="evt_1", thread_id="thr_1")
    capture(state, _unsure_count_and_sure_date(), TODAY)
    assert (state.requirements.participants, state.pending_date) == (None, date(2026, 3, 10))


def test_capture_never_takes_unsure_dates():
    state = EventState(event_id="evt_1", thread_id="thr_1")
    facts = Understanding(dates=[date(2026, 3, 12)], confidence=[FactConfidence(fact="dates", score=0.4)])
    capture(state, facts, TODAY)
    assert state.pending_date is None


def test_the_context_carries_what_the_desk_asked_and_asked_to_confirm():
    state = EventState(event_id="evt_1", thread_id="thr_1", last_asked=["participants", "not-a-fact"],
                       to_confirm={"participants": {"participants": 40}})
    context = message_context(state)
    assert (context.asked, context.confirming) == (("participants",), ("participants",))


def test_the_bookkeeping_stays_out_of_the_public_view():
    state = EventState(event_id="evt_1", thread_id="thr_1", last_asked=["participants"],
                       to_confirm={"participants": {"participants": 40}})
    assert not {"last_asked", "to_confirm"} & set(state.public_view())


def test_a_yes_after_the_confirming_question_is_read_as_confirming_it(venue):
    context = MessageContext(asked=("participants",), confirming=("participants",))
    assert understand("Yes, that's right.", venue, TODAY, context=context).confirmed == ["participants"]


def test_a_yes_without_a_confirming_question_confirms_nothing(venue):
    assert understand("Yes, that's right.", venue, TODAY).confirmed == []


def test_no_with_a_number_after_the_confirming_question_corrects_the_count(venue):
    context = MessageContext(asked=("participants",), confirming=("participants",))
    result = understand("No, 50.", venue, TODAY, context=context)
    assert (result.confirmed, result.participants) == ([], 50)
