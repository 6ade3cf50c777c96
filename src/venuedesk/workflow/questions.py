"""Venue questions answered from the knowledge base beside a step's own work (docs/design.md §4.6 `kb_search`)."""

from __future__ import annotations

from venuedesk.tools.booking_models import KbSearchArgs
from venuedesk.workflow.turn import Turn


def answer_questions(turn: Turn, text: str) -> None:
    """Answer the topics the client asked about; say so when the knowledge base has no answer."""
    topics = turn.facts.topics
    if not topics:
        return
    result = turn.call("kb_search", KbSearchArgs(query=" ".join([text[:1500], *topics])))
    answers = [answer.answer for answer in result.answers if answer.topic in topics]
    if answers:
        turn.body.extend(answers)
    else:
        turn.say("unknown_question")
