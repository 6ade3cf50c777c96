"""A manager's edit pasted from the chat with the footer it was shown with is sent with one footer, the desk's
(found by tests/properties: the edit's footer line used to reach the client as a second footer)."""

from __future__ import annotations

import pytest

from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import DecisionError
from workflow_helpers import at_offer_review

PASTED_FOOTER = "Step: 5 Negotiation · Next: accept, decline or ask for changes · State: Awaiting Client"


def test_an_edit_with_a_pasted_footer_is_sent_with_the_desks_footer_only(desk: Desk, thread_id: str) -> None:
    task_id = at_offer_review(desk, thread_id)
    sent = desk.decide(task_id, "edit", text=f"Dear Anna, as promised:\n\n{PASTED_FOOTER}\n\nSee you soon.")
    assert sent.body_markdown.startswith("Dear Anna, as promised:\n\nSee you soon.\n\n**Total: CHF")
    assert "Step: " not in sent.client_text()


def test_an_edit_that_is_only_a_footer_is_refused(desk: Desk, thread_id: str) -> None:
    task_id = at_offer_review(desk, thread_id)
    with pytest.raises(DecisionError):
        desk.decide(task_id, "edit", text=f"> {PASTED_FOOTER}\n")
