"""A draft written in a turn a model understood carries `drafted_by: {provider, model}` in the manager's task view
(docs/design.md §4.13 Autonomy); a deterministic turn's draft carries none."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import MANAGER, NOW, ok, to_offer
from venuedesk.clock import FrozenClock
from venuedesk.providers.base import AgentRun, Usage
from venuedesk.providers.deterministic import DeterministicRuntime
from venuedesk.testing import FunctionRuntime, RuntimeCall
from venuedesk.workflow.desk import Desk


class ModelLike(FunctionRuntime):
    """Answers like the deterministic provider but reports one model call, as a model provider would."""

    model = "test-model-1"


@pytest.fixture
def desk(engine: Engine) -> Desk:
    clock = FrozenClock(NOW)
    plain = Desk(engine, clock)
    deterministic = DeterministicRuntime(plain.venue, clock)

    def answer(call: RuntimeCall) -> AgentRun:
        run = deterministic.run(call.spec, call.conversation, call.state_view, call.tools, call.tool_choice,
                                call.output_schema)
        run.usage = Usage(model_calls=1, input_tokens=10, output_tokens=5)
        return run

    return Desk(engine, clock, runtime=ModelLike(answer, name="scripted_model"))


def test_a_model_drafted_offer_task_names_the_provider_and_model(client: TestClient) -> None:
    _, _, task = to_offer(client)
    assert task["drafted_by"] == {"provider": "scripted_model", "model": "test-model-1"}
    assert task["draft"]["drafted_by"] == task["drafted_by"]


def test_the_attribution_stays_on_the_task_in_every_listing(client: TestClient) -> None:
    _, _, task = to_offer(client)
    listed = ok(client.get("/api/hil/tasks", params={"status": "all"}, headers=MANAGER))
    assert next(t for t in listed if t["task_id"] == task["task_id"])["drafted_by"]["model"] == "test-model-1"
