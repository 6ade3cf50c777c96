"""Step 5: the client answers a sent offer (docs/design.md §4.13): accept, decline, counter, or ask."""

from __future__ import annotations

from venuedesk.workflow.questions import answer_questions
from venuedesk.workflow.steps.review import to_the_team
from venuedesk.workflow.turn import Turn


def answer(turn: Turn, text: str) -> None:
    """A message about the sent offer: questions are answered; anything else goes to the venue's team."""
    answer_questions(turn, text)
    turn.agent = "negotiation_agent"
    if turn.facts.has("question") and turn.body:
        turn.next_key = "answer_offer"
        return
    to_the_team(turn, text)
