"""The `openai_agents` adapter through the real OpenAI Agents SDK against the local fake-llm's Responses route:
golden transcripts match the deterministic run at one model call per turn, tool_choice is sent, traces stay
local as OpenTelemetry spans, and faults are retried, repaired or handed to the deterministic provider."""

from __future__ import annotations

import json
import re
import socket
import sys
from typing import Any

import adapter_contract as contract
import pytest
from adapter_helpers import BUILT, Sleeps, assert_like_deterministic, play, run_dates_agent, runtime, settings
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from venuedesk.agents.specs import WORKERS
from venuedesk.clock import FrozenClock
from venuedesk.domain.event import EventState
from venuedesk.fakellm import FakeLLM
from venuedesk.providers.backoff import Backoff
from venuedesk.providers.base import ConversationMessage, ProposedToolCall
from venuedesk.providers.deterministic import DeterministicRuntime
from venuedesk.providers.errors import ProviderConfigError
from venuedesk.providers.prompting import RECORD_TOOL
from venuedesk.providers.settings import ProviderSettings
from venuedesk.understanding.model import Understanding
from venuedesk.venue.loader import load_venue

pytest.importorskip("agents")

from venuedesk.providers.openai_agents import OpenAIAgentsRuntime

PATH = "/openai/v1/responses"
GOLDEN = ["01_happy_path_en", "03_everything_in_first_message", "15_hybrid_question",
          "14_product_added_and_removed_at_offer"]
EVERYTHING = "03_everything_in_first_message"
CONTACT = "We are 30 people on 12 May 2026, 09:00-17:00, anna@example.com, +41 79 123 45 67"


def _settings(llm: FakeLLM, timeout: float = 5.0) -> ProviderSettings:
    return settings("openai_agents", llm.base_url, timeout=timeout)


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_script_matches_the_deterministic_run(llm: FakeLLM, name: str) -> None:
    run = play(name, _settings(llm))
    assert_like_deterministic(run, name)
    contract.client_calls_fit_the_gates(run, llm.requests)
    assert llm.recorder.counts() == {PATH: sum(turn.model_calls for turn in run.turns)}
    assert all(not request.faults for request in llm.requests)


def test_forced_gate_is_one_call_with_required_tool_choice_and_strict_tools(llm: FakeLLM) -> None:
    calls = contract.check_gate_call_and_record(llm, _settings(llm))
    assert re.match(r"^call_", calls[0].id) and isinstance(calls[0].args, str)
    body = llm.requests[0].body
    assert body["tool_choice"] == "required"
    assert [tool["name"] for tool in body["tools"]] == ["dates_check", "dates_propose", RECORD_TOOL]
    assert all(tool["strict"] is True for tool in body["tools"])
    assert "BOOKING_STATE_JSON: " in body["instructions"] and body["text"]["format"]["type"] == "json_schema"


def test_a_gate_tool_named_by_tool_choice_is_forced_through_model_settings(llm: FakeLLM) -> None:
    calls = contract.check_named_gate_tool_then_record(llm, _settings(llm))
    assert llm.requests[0].body["tool_choice"] == {"type": "function", "name": "dates_check"}
    outputs = [item for item in llm.requests[1].body["input"] if item.get("type") == "function_call_output"]
    assert [item["call_id"] for item in outputs] == [calls[0].id]


def test_calls_that_come_with_the_record_are_left_to_the_engine(llm: FakeLLM) -> None:
    ran: list[ProposedToolCall] = []
    run = run_dates_agent(runtime(_settings(llm)), ran=ran)
    assert ran == [] and [call.name for call in run.tool_calls] == ["dates_check"]


def test_tools_run_under_the_model_call_id_and_their_results_are_echoed(llm: FakeLLM) -> None:
    llm.set_faults(["ignore_tool_choice"], count=1)
    ran: list[ProposedToolCall] = []
    run = run_dates_agent(runtime(_settings(llm)), tool_choice="auto", ran=ran)
    assert run.usage.model_calls == 2 and run.output is not None and run.output.participants == 30
    assert [call.name for call in ran] == ["dates_check"] and run.tool_calls == ran
    items = llm.requests[1].body["input"]
    call = next(item for item in items if item.get("type") == "function_call")
    output = next(item for item in items if item.get("type") == "function_call_output")
    assert call["call_id"] == output["call_id"] == ran[0].id
    assert json.loads(output["output"]) == {"status": "ok"}


def test_agent_without_tools_gets_the_schema_as_output_type(llm: FakeLLM) -> None:
    spec = WORKERS["intake_agent"]
    view = {"event": EventState(event_id="ev-1", thread_id="th-1").model_dump(mode="json"), "today": "2026-02-02"}
    run = runtime(_settings(llm)).run(spec, [ConversationMessage("client", CONTACT)], view, [], "auto",
                                      Understanding)
    body = llm.requests[0].body
    assert body["text"]["format"]["type"] == "json_schema" and not body.get("tools") and "tool_choice" not in body
    assert run.output is not None and run.output.participants == 30 and run.usage.model_calls == 1


def test_rate_limit_is_retried_after_retry_after(llm: FakeLLM) -> None:
    contract.check_rate_limit_retried(llm, _settings(llm))


def test_server_errors_hand_the_run_to_the_deterministic_provider(llm: FakeLLM) -> None:
    contract.check_server_errors_fall_back(llm, _settings(llm))


def test_a_hanging_model_times_out_and_falls_back(llm: FakeLLM) -> None:
    contract.check_hang_times_out_and_falls_back(llm, _settings(llm, timeout=0.5))


def test_malformed_body_is_retried(llm: FakeLLM) -> None:
    contract.check_malformed_body_retried(llm, _settings(llm))


def test_other_http_errors_are_permanent_and_not_retried(llm: FakeLLM) -> None:
    broken = _settings(llm).model_copy(update={"openai_base_url": f"{llm.base_url}/nowhere/v1"})
    run = run_dates_agent(runtime(broken, Sleeps()))
    assert run.usage.failed and run.usage.model_calls == 1


def test_invalid_output_once_gets_one_repair_run_forcing_the_record_tool(llm: FakeLLM) -> None:
    llm.set_faults(["invalid_output"], count=1)
    run = run_dates_agent(runtime(_settings(llm)))
    assert run.usage.model_calls == 2 and not run.usage.fallback and not run.usage.failed
    assert run.output is not None and run.output.participants == 30
    repair = llm.requests[1].body
    assert repair["tool_choice"] == {"type": "function", "name": RECORD_TOOL}
    assert [tool["name"] for tool in repair["tools"]] == [RECORD_TOOL]
    assert [item["role"] for item in repair["input"]] == ["user", "developer"]


def test_invalid_output_twice_uses_deterministic_facts(llm: FakeLLM) -> None:
    contract.check_invalid_output_always_uses_deterministic_facts(llm, _settings(llm))


@pytest.mark.parametrize("fault", ["invalid_json_args", "unoffered_tool", "repeat_call_id", "schema_violation"])
def test_misbehaving_tool_calls_leave_the_engine_to_run_its_gates(llm: FakeLLM, fault: str) -> None:
    llm.set_faults([fault])
    run = play(EVERYTHING, _settings(llm), Backoff(sleep=Sleeps()))
    assert_like_deterministic(run, EVERYTHING)
    assert all(fault in request.faults for request in llm.requests)


def test_an_unoffered_tool_is_refused_not_proposed(llm: FakeLLM) -> None:
    llm.set_faults(["unoffered_tool"], count=1)
    run = run_dates_agent(runtime(_settings(llm)))
    assert [call.name for call in run.refused] == ["room_hold"]
    assert "room_hold" not in {call.name for call in run.tool_calls} and run.usage.model_calls == 1


def test_sdk_traces_become_local_otel_spans_and_nothing_leaves_for_openai(
    llm: FakeLLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agents import flush_traces
    from agents.tracing import get_trace_provider
    from agents.tracing.processors import BackendSpanExporter

    from venuedesk.providers.openai_agents_tracing import OTelTracingProcessor

    exported: list[Any] = []
    monkeypatch.setattr(BackendSpanExporter, "export", lambda self, items: exported.append(items))
    connected: list[Any] = []
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> None:
        connected.append(address)
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    memory = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    agents_runtime = OpenAIAgentsRuntime(_settings(llm), DeterministicRuntime(load_venue(), FrozenClock()),
                                         tracer_provider=provider)
    BUILT.append(agents_runtime)
    spec = WORKERS["dates_agent"]
    view = {"event": EventState(event_id="ev-1", thread_id="th-1").model_dump(mode="json"), "today": "2026-02-02"}
    agents_runtime.run(spec, [ConversationMessage("client", CONTACT)], view, [], "auto", Understanding)
    run_dates_agent(agents_runtime)
    flush_traces()
    processors = get_trace_provider()._multi_processor._processors  # type: ignore[attr-defined]
    assert [type(p) for p in processors] == [OTelTracingProcessor] and exported == []
    port = int(llm.base_url.rsplit(":", 1)[1])
    assert connected and {(host, p) for host, p, *_ in connected} == {("127.0.0.1", port)}
    spans = memory.get_finished_spans()
    by_id = {span.context.span_id: span.name for span in spans}
    parent = {span.name: by_id.get(span.parent.span_id) if span.parent else None for span in spans}
    assert parent["agents.response"] == parent[f"agents.function {RECORD_TOOL}"] == "agents.turn"
    assert parent["agents.function dates_check"] == "agents.turn"
    assert parent["agents.turn"] == "agents.agent" and parent["agents.agent"] == "agents.task"
    agent = next(span for span in spans if span.name == "agents.agent")
    assert agent.attributes is not None and agent.attributes["agent.name"] == "dates_agent"
    response = next(span for span in spans if span.name == "agents.response")
    assert response.attributes is not None and response.attributes["usage.input_tokens"] > 0
    text = json.dumps([dict(span.attributes or {}) for span in spans])
    assert "anna@example.com" not in text and "30 people" not in text and "+41" not in text


def test_missing_key_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("VENUEDESK_OPENAI_API_KEY", raising=False)
    with pytest.raises(ProviderConfigError, match="VENUEDESK_OPENAI_API_KEY"):
        OpenAIAgentsRuntime(ProviderSettings(), fallback=None)


def test_missing_sdk_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "agents", None)
    with pytest.raises(ProviderConfigError, match=re.escape("pip install 'venuedesk[openai]'")):
        OpenAIAgentsRuntime(ProviderSettings(openai_api_key="k"), fallback=None)


def test_a_thread_keeps_working_after_other_code_replaces_its_event_loop(llm, tmp_path) -> None:
    """`Runner.run_sync` runs on the thread's default loop; when other code on the thread (here asyncio.run)
    replaces that loop between turns, the adapter must not reuse a client bound to the old one."""
    import asyncio

    from venuedesk.clock import FrozenClock
    from venuedesk.golden.providers_for_scripts import settings_for
    from venuedesk.store.db import ensure_ready
    from venuedesk.workflow.desk import Desk

    engine = ensure_ready(f"sqlite:///{tmp_path / 'loop.sqlite3'}")
    desk = Desk(engine, FrozenClock(), provider_settings=settings_for("openai_agents", llm.base_url))
    thread = desk.open_thread().thread_id
    first = desk.handle_message(thread, "Workshop for 30 people in March, 9 to 5. anna@example.com")
    asyncio.run(asyncio.sleep(0))
    replacement = asyncio.new_event_loop()
    asyncio.set_event_loop(replacement)
    try:
        second = desk.handle_message(thread, "The 10th works, Room B please.")
    finally:
        desk.close()
        engine.dispose()
        replacement.close()
        asyncio.set_event_loop(None)  # as asyncio.run leaves it: no loop of this test outlives it
    assert first.footer.step == 2 and second.footer.step == 4
    assert desk.usage(thread)["model_calls"] == 2
