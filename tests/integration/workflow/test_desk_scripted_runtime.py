"""The Desk with a scripted model (venuedesk.testing): what the model answers drives the engine only as far as the
rules allow: its output is used, a broken output is repaired or replaced, and a call it may not make never runs."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import Engine, select

from venuedesk.clock import FrozenClock
from venuedesk.domain.catalogue import Venue
from venuedesk.providers.base import AgentRun
from venuedesk.providers.deterministic import DeterministicRuntime
from venuedesk.providers.errors import TransientModelError
from venuedesk.providers.model_runtime import ModelReply
from venuedesk.store.models import ToolCallRow
from venuedesk.testing import ScriptedModel, ScriptedRuntime, record, tool_call
from venuedesk.understanding.engine import understand
from venuedesk.understanding.model import Understanding
from venuedesk.venue.loader import CatalogueDocuments, venue_from_documents
from venuedesk.workflow.desk import Desk
from workflow_helpers import DAY, INQUIRY, NOW, SENDER, bookings_of

ROOM_B = "Room B please"


@pytest.fixture
def venue(demo_catalogue: CatalogueDocuments) -> Venue:
    return venue_from_documents(demo_catalogue)


def facts(venue: Venue, text: str) -> Understanding:
    """What a competent model would record for the message (the deterministic understanding of it)."""
    return understand(text, venue, NOW.date())


def desk_on(engine: Engine, clock: FrozenClock, runtime: object) -> tuple[Desk, str]:
    desk = Desk(engine, clock, id_seed=0, runtime=runtime)  # type: ignore[arg-type]
    return desk, desk.open_thread(thread_id="thr-1").thread_id


def tools_called(engine: Engine, thread_id: str) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(select(ToolCallRow.name).where(ToolCallRow.thread_id == thread_id)
                                  .order_by(ToolCallRow.id))
        return [row.name for row in rows]


def test_the_models_output_not_the_raw_text_is_what_the_engine_captures(
    engine: Engine, clock: FrozenClock, venue: Venue
) -> None:
    runtime = ScriptedRuntime(AgentRun(output=facts(venue, INQUIRY)))
    desk, thread_id = desk_on(engine, clock, runtime)
    reply = desk.handle_message(thread_id, "please see the brief I sent", sender=SENDER)
    runtime.assert_complete()
    assert reply.footer.step == 3
    assert (desk.event_view(thread_id) or {})["chosen_date"] == DAY
    assert runtime.calls[0].text == "please see the brief I sent"


def test_a_run_without_structured_output_falls_back_to_the_deterministic_understanding(
    engine: Engine, clock: FrozenClock
) -> None:
    runtime = ScriptedRuntime(AgentRun(output=None))
    desk, thread_id = desk_on(engine, clock, runtime)
    reply = desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    runtime.assert_complete()
    assert reply.footer.step == 3


def test_a_room_hold_proposed_before_the_client_chose_a_room_is_never_executed(
    engine: Engine, clock: FrozenClock, venue: Venue
) -> None:
    hold = tool_call("room_hold", {"room_id": "room-a", "date": DAY, "start_time": "09:00", "end_time": "17:00"})
    runtime = ScriptedRuntime(AgentRun(output=facts(venue, INQUIRY), tool_calls=[hold]))
    desk, thread_id = desk_on(engine, clock, runtime)
    reply = desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    assert reply.footer.step == 3 and reply.footer.state == "Awaiting Client"
    assert bookings_of(engine, "room-a") == []
    assert "room_hold" not in tools_called(engine, thread_id)


def test_an_output_that_fails_its_schema_gets_one_repair_call_whose_answer_is_used(
    engine: Engine, clock: FrozenClock, venue: Venue
) -> None:
    repaired = json.dumps(facts(venue, INQUIRY).model_dump(mode="json"))
    model = ScriptedModel(ModelReply(content='{"participants": "thirty"}'), ModelReply(content=repaired),
                          fallback=DeterministicRuntime(venue, clock))
    desk, thread_id = desk_on(engine, clock, model)
    reply = desk.handle_message(thread_id, "see the brief", sender=SENDER)
    model.assert_complete()
    assert reply.footer.step == 3
    assert "participants" in model.calls[1].messages[-1]["content"]
    assert desk.usage(thread_id)["model_calls"] == 2


def test_an_output_that_fails_its_schema_twice_is_replaced_by_the_deterministic_understanding(
    engine: Engine, clock: FrozenClock, venue: Venue
) -> None:
    broken = ModelReply(content="not json at all")
    model = ScriptedModel(broken, broken, fallback=DeterministicRuntime(venue, clock))
    desk, thread_id = desk_on(engine, clock, model)
    reply = desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    model.assert_complete()
    assert reply.footer.step == 3
    assert desk.usage(thread_id)["model_calls"] == 2


def test_a_model_that_keeps_failing_hands_the_turn_to_the_deterministic_provider(
    engine: Engine, clock: FrozenClock, venue: Venue
) -> None:
    model = ScriptedModel(*[TransientModelError("503 from the vendor", status=503)] * 3,
                          fallback=DeterministicRuntime(venue, clock))
    desk, thread_id = desk_on(engine, clock, model)
    reply = desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    model.assert_complete()
    assert reply.footer.step == 3
    assert desk.usage(thread_id)["model_calls"] == 3


def test_a_tool_the_agent_was_not_offered_is_refused_and_never_runs(
    engine: Engine, clock: FrozenClock, venue: Venue, caplog: pytest.LogCaptureFixture
) -> None:
    compose = tool_call("offer_compose", {"room_id": "room-b"})
    model = ScriptedModel(record(facts(venue, INQUIRY)), record(facts(venue, ROOM_B), [compose]),
                          fallback=DeterministicRuntime(venue, clock))
    desk, thread_id = desk_on(engine, clock, model)
    desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    with caplog.at_level(logging.WARNING, logger="venuedesk.workflow.agent_runner"):
        reply = desk.handle_message(thread_id, ROOM_B)
    model.assert_complete()
    assert "offer_compose" not in [tool.name for tool in model.calls[1].tools]
    assert "model called a tool it was not offered" in caplog.text
    assert "offer_compose" not in tools_called(engine, thread_id)
    assert reply.footer.step == 4 and not (desk.event_view(thread_id) or {}).get("offer")
