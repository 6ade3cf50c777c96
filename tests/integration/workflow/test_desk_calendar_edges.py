"""The Desk refuses a chosen date at the edge of the calendar (year 1, year 9999) as an ActionError with the
range that works and changes nothing, wherever the conversation stands."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from venuedesk.workflow.actions import ActionError
from venuedesk.workflow.desk import Desk
from workflow_helpers import at_offer_review, at_room_step, snapshot


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-02", "9999-12-31"])
def test_select_date_at_the_room_step_with_an_edge_date_is_refused_and_changes_nothing(
        desk: Desk, engine: Engine, thread_id: str, day: str) -> None:
    at_room_step(desk, thread_id)
    before = snapshot(desk, engine, thread_id)

    with pytest.raises(ActionError, match=f"{day} is outside the calendar the desk books"):
        desk.handle_action(thread_id, "select_date", {"date": day})

    assert snapshot(desk, engine, thread_id) == before


def test_select_date_with_an_edge_date_during_offer_review_is_refused(
        desk: Desk, engine: Engine, thread_id: str) -> None:
    at_offer_review(desk, thread_id)
    before = snapshot(desk, engine, thread_id)

    with pytest.raises(ActionError, match="1900-01-01 to 2999-12-31"):
        desk.handle_action(thread_id, "select_date", {"date": "0001-01-02"})

    assert snapshot(desk, engine, thread_id) == before
