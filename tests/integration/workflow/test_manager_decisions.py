"""Manager decisions at the service layer: a rejection needs a note and redrafts without pretending to follow it;
an edit changes the message around the offer, never its price table or terms; every decision is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import InputError
from workflow_helpers import INQUIRY, SENDER, at_offer_review, snapshot


def _task(desk: Desk, thread_id: str) -> dict:
    return desk.open_tasks(thread_id)[0]


@pytest.mark.parametrize("note", [None, "", "   ", "\n\t"])
def test_a_rejection_without_a_note_is_refused_and_changes_nothing(
    desk: Desk, engine: Engine, thread_id: str, note: str | None
) -> None:
    task_id = at_offer_review(desk, thread_id)
    before = snapshot(desk, engine, thread_id)
    with pytest.raises(InputError, match="^note: a rejection needs a note"):
        desk.decide(task_id, "reject", note=note)
    assert snapshot(desk, engine, thread_id) == before


def test_the_rejection_note_is_kept_on_the_task_and_shown_with_the_redraft(desk: Desk, thread_id: str) -> None:
    task_id = at_offer_review(desk, thread_id)
    desk.decide(task_id, "reject", note="Mention the parking voucher.")
    with desk.uow() as uow:
        assert uow.hil.get(task_id).decision["note"] == "Mention the parking voucher."
    redraft = _task(desk, thread_id)
    assert redraft["previous_note"] == "Mention the parking voucher."
    assert f"rejected task {task_id}" in redraft["reason"]


def test_the_offline_redraft_is_the_same_text_and_claims_nothing(desk: Desk, thread_id: str) -> None:
    task_id = at_offer_review(desk, thread_id)
    original = _task(desk, thread_id)["draft"]
    desk.decide(task_id, "reject", note="Offer the projector for free.")
    redraft = _task(desk, thread_id)["draft"]
    assert redraft["body_markdown"] == original["body_markdown"]
    assert "projector" not in redraft["body_markdown"].lower()
    assert "review" not in redraft["body_markdown"].lower()


def test_an_edit_keeps_the_computed_table_and_terms(desk: Desk, thread_id: str) -> None:
    task_id = at_offer_review(desk, thread_id)
    draft = _task(desk, thread_id)["draft"]
    sent = desk.decide(task_id, "edit", text="Dear Anna, Room B is yours. We look forward to your workshop!")
    assert sent.body_markdown == ("Dear Anna, Room B is yours. We look forward to your workshop!\n\n"
                                  + draft["terms_markdown"])
    assert [table.model_dump(mode="json") for table in sent.table_blocks] == draft["table_blocks"]
    assert [action.model_dump(mode="json") for action in sent.actions] == draft["actions"]


def test_an_edit_that_pastes_the_terms_does_not_repeat_them(desk: Desk, thread_id: str) -> None:
    task_id = at_offer_review(desk, thread_id)
    draft = _task(desk, thread_id)["draft"]
    sent = desk.decide(task_id, "edit", text=f"Dear Anna,\n\n{draft['body_markdown']}")
    assert sent.body_markdown.count("**Total: CHF 750.00**") == 1


@pytest.mark.parametrize("text", ["Special price for you: CHF 500.00 in total.", "We take 700 CHF.",
                                  "Room B for Fr. 650.-", "You get 15 % off."])
def test_an_edit_that_contradicts_the_offer_is_refused_and_sends_nothing(
    desk: Desk, engine: Engine, thread_id: str, text: str
) -> None:
    task_id = at_offer_review(desk, thread_id)
    before = snapshot(desk, engine, thread_id)
    with pytest.raises(InputError, match="^text: mentions .* discount"):
        desk.decide(task_id, "edit", text=text)
    assert snapshot(desk, engine, thread_id) == before


@pytest.mark.parametrize("text", ["Room B costs CHF 750.00 including everything.",
                                  "Cancel more than 30 days ahead and you get all back minus CHF 200.",
                                  "Prices include VAT of 8.1 %."])
def test_an_edit_naming_the_offers_own_amounts_is_accepted(desk: Desk, thread_id: str, text: str) -> None:
    task_id = at_offer_review(desk, thread_id)
    assert desk.decide(task_id, "edit", text=text).body_markdown.startswith(text)


def test_every_decision_and_the_sent_offer_are_audited(desk: Desk, thread_id: str) -> None:
    task_id = at_offer_review(desk, thread_id)
    desk.decide(task_id, "reject", note="Mention parking.")
    desk.decide(_task(desk, thread_id)["task_id"], "edit", text="Dear Anna, here it is.")
    audit = desk.event_view(thread_id)["audit"]
    decisions = [(e["detail"]["decision"], e["detail"].get("note")) for e in audit if e["kind"] == "manager_decision"]
    assert decisions == [("reject", "Mention parking."), ("edit", None)]
    assert [e["detail"]["review"] for e in audit if e["kind"] == "message"][-1] == "edited"
    assert [e["reason"] for e in audit if e["kind"] == "client_action"] == ["select_room room_id=room-b"]


def test_the_task_view_names_the_client_and_their_first_request(desk: Desk, thread_id: str) -> None:
    at_offer_review(desk, thread_id)
    task = _task(desk, thread_id)
    assert task["client"]["email"] == SENDER and task["first_request"] == INQUIRY
    assert task["conversation"][0] == {"role": "client", "text": INQUIRY, "turn_id": "turn-1",
                                       "at": task["created_at"], "body": None, "quoted": None}
    assert task["conversation"][-1]["role"] == "desk"


def test_the_task_view_carries_the_latest_forty_messages_and_the_total(desk: Desk, thread_id: str) -> None:
    at_offer_review(desk, thread_id)
    for index in range(18):
        desk.handle_message(thread_id, f"Any news? ({index})")
    task = _task(desk, thread_id)
    assert task["conversation_total"] == 42 and len(task["conversation"]) == 40
    assert task["conversation"][-2]["text"] == "Any news? (17)"
    assert task["first_request"] == INQUIRY
