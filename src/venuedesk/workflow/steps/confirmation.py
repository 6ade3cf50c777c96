"""Step 7: the confirmation, and what a confirmed booking still allows (docs/design.md §4.13)."""

from __future__ import annotations

from venuedesk.workflow.questions import answer_questions
from venuedesk.workflow.steps.review import to_the_team
from venuedesk.workflow.turn import Turn


def run(turn: Turn) -> bool:
    """Entering step 7; it stays here (Confirmed) or the thread closes."""
    turn.agent = "offer_agent"
    return False


def answer(turn: Turn, text: str) -> None:
    """A step-7 message that changed no booking fact."""
    answer_questions(turn, text)
    turn.agent = "offer_agent"
    if turn.facts.has("question") and turn.body:
        return
    to_the_team(turn, text)
