"""Autonomy per message kind (docs/design.md §4.13 Autonomy): catalogue defaults, manager overrides stored and
audited, and an offer sent at once under `offer: auto` (audited, no task, the hold still re-checked)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from venuedesk.clock import FrozenClock
from venuedesk.workflow.autonomy import AutonomyError, review_needed
from venuedesk.workflow.desk import Desk
from workflow_helpers import at_offer_review, at_room_step, outbox_replies, tasks_of


def sent_entries(desk: Desk, thread_id: str) -> list[dict]:
    event = desk.event_view(thread_id) or {}
    return [entry["detail"] for entry in event["audit"] if entry["kind"] == "message"]


def test_by_default_offers_counters_confirmations_and_cancellations_are_reviewed_and_general_is_not(
    desk: Desk,
) -> None:
    with desk.uow() as uow:
        needed = {kind: review_needed(uow, desk.venue, kind)  # type: ignore[arg-type]
                  for kind in ("offer", "counter", "confirmation", "cancellation", "general")}
    assert needed == {"offer": True, "counter": True, "confirmation": True, "cancellation": True, "general": False}


def test_a_managers_change_overrides_the_catalogue_default(desk: Desk) -> None:
    desk.set_autonomy({"offer": "auto", "general": "review"}, manager_id="maria")
    with desk.uow() as uow:
        assert not review_needed(uow, desk.venue, "offer")
        assert review_needed(uow, desk.venue, "general")
        assert review_needed(uow, desk.venue, "counter")


def test_a_partial_change_keeps_the_earlier_changes(desk: Desk) -> None:
    desk.set_autonomy({"offer": "auto"})
    desk.set_autonomy({"counter": "auto"})
    assert desk.autonomy()["offer"] == desk.autonomy()["counter"] == "auto"


def test_review_needed_refuses_an_unknown_kind(desk: Desk) -> None:
    with desk.uow() as uow, pytest.raises(ValueError, match="use one of offer, counter"):
        review_needed(uow, desk.venue, "newsletter")  # type: ignore[arg-type]


def test_an_unknown_value_changes_nothing_and_names_the_choices(desk: Desk) -> None:
    with pytest.raises(AutonomyError, match="use one of review, auto"):
        desk.set_autonomy({"offer": "auto", "counter": "sometimes"})
    assert desk.autonomy()["offer"] == "review"


def test_every_change_is_audited_with_who_and_when(desk: Desk) -> None:
    desk.set_autonomy({"offer": "auto"}, manager_id="maria")
    with desk.uow() as uow:
        changes = uow.settings.changes(desk.venue.name, "autonomy")
    assert [(c.changed_by, c.before, c.after, c.changed_at) for c in changes] == [
        ("maria", {}, {"offer": "auto"}, desk.clock.now())]


def test_setting_the_same_value_again_adds_no_audit_entry(desk: Desk) -> None:
    desk.set_autonomy({"offer": "auto"})
    desk.set_autonomy({"offer": "auto"})
    with desk.uow() as uow:
        assert len(uow.settings.changes(desk.venue.name, "autonomy")) == 1


def test_under_offer_auto_the_offer_is_sent_at_once_without_a_task(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    desk.set_autonomy({"offer": "auto"})
    at_room_step(desk, thread_id)
    reply = desk.handle_message(thread_id, "Room B please, no catering")
    event = desk.event_view(thread_id) or {}
    assert (reply.footer.step, reply.footer.state, event["offer"]["status"]) == (5, "Awaiting Client", "Sent")
    assert "CHF 750.00" in reply.body_markdown and reply.hil is None
    assert tasks_of(engine, thread_id) == []
    assert outbox_replies(engine, thread_id)[-1]["body_markdown"] == reply.body_markdown


def test_an_offer_sent_at_once_is_audited_as_auto_sent_offer(desk: Desk, thread_id: str) -> None:
    desk.set_autonomy({"offer": "auto"})
    at_room_step(desk, thread_id)
    reply = desk.handle_message(thread_id, "Room B please, no catering")
    assert {"turn_id": reply.turn_id, "agent": "offer_agent", "review": "auto", "kind": "offer"} in sent_entries(
        desk, thread_id)


def test_under_offer_auto_a_lapsed_hold_is_not_sent_but_goes_to_review(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    desk.set_autonomy({"offer": "auto"})
    at_room_step(desk, thread_id)
    desk.handle_message(thread_id, "Room B please")
    clock.set(clock.now() + timedelta(days=8))
    reply = desk.handle_message(thread_id, "no catering")
    assert (reply.footer.step, reply.footer.state) == (4, "Waiting on HIL")
    assert (desk.event_view(thread_id) or {})["offer"]["status"] == "Draft"
    assert [task_type for _, task_type, _ in tasks_of(engine, thread_id)] == ["offer_approval"]


def test_under_the_default_review_the_offer_waits_for_the_manager(desk: Desk, thread_id: str) -> None:
    at_room_step(desk, thread_id)
    reply = desk.handle_message(thread_id, "Room B please, no catering")
    assert (reply.footer.step, reply.footer.state) == (4, "Waiting on HIL")


def test_a_draft_the_deterministic_desk_wrote_carries_no_model_attribution(desk: Desk, thread_id: str) -> None:
    at_offer_review(desk, thread_id)
    (task,) = desk.open_tasks(thread_id)
    assert task["drafted_by"] is None and "drafted_by" not in task["draft"]
