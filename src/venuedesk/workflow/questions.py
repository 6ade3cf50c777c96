"""Venue questions answered from the knowledge base beside a step's own work (docs/design.md §4.6 `kb_search`)."""

from __future__ import annotations

from venuedesk.tools.booking_models import KbSearchArgs
from venuedesk.workflow.price_explained import explain_offer
from venuedesk.workflow.turn import Turn

PRICING_TOPIC = "pricing"  # the venue knowledge topic a question about the price is found by (venue.yaml)


def answer_questions(turn: Turn, text: str) -> None:
    """Answer the topics the client asked about; say so when the knowledge base has no answer."""
    topics = turn.facts.topics
    if not topics:
        return
    result = turn.call("kb_search", KbSearchArgs(query=" ".join([text[:1500], *topics])))
    answers = [_live(turn, answer.topic) or answer.answer for answer in result.answers if answer.topic in topics]
    if answers:
        turn.body.extend(answers)
    else:
        turn.say("unknown_question")


def _live(turn: Turn, topic: str) -> str | None:
    """An answer built from the event itself where the knowledge base holds only the rule: the live offer's price."""
    return explain_offer(turn) if topic == PRICING_TOPIC else None
