"""Every model adapter traces each model request as one `model.call` span: provider, model, tool_choice, tokens
and duration, and never the prompt, the client's words or the model's answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

from venuedesk.agents.specs import WORKERS
from venuedesk.clock import FrozenClock, parse_clock
from venuedesk.domain.event import EventState
from venuedesk.fakellm import FakeLLM
from venuedesk.golden.providers_for_scripts import settings_for
from venuedesk.observability.tracing import MODEL_CALL_SPAN
from venuedesk.providers.backoff import Backoff
from venuedesk.providers.base import AgentRun, ConversationMessage, ToolSpec
from venuedesk.providers.registry import build_runtime
from venuedesk.providers.settings import ProviderSettings
from venuedesk.store.db import ensure_ready
from venuedesk.tools.registry import booking_tools
from venuedesk.understanding.model import Understanding
from venuedesk.venue.loader import load_venue
from venuedesk.workflow.desk import Desk

MESSAGE = "Workshop for 30 people on 10 March 2026, 09:00-17:00. anna@example.com, +41 79 123 45 67"
CLIENT_WORDS = ("Workshop", "10 March", "anna@example.com", "123 45 67", "09:00-17:00")
ATTRIBUTES = {"model.provider", "model.name", "model.tool_choice", "model.input_tokens", "model.output_tokens",
              "model.duration_ms"}
ADAPTERS = [("openai_chat", None), ("openai_agents", None), ("mistral", None), ("langchain", "openai"),
            ("langchain", "mistral")]


@pytest.fixture(scope="module")
def llm_server() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


@pytest.fixture
def llm(llm_server: FakeLLM) -> Iterator[FakeLLM]:
    """The module's fake with no recordings and no faults, and disarmed again after the test."""
    llm_server.reset()
    yield llm_server
    llm_server.reset()


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


def _settings(llm: FakeLLM, provider: str, vendor: str | None) -> ProviderSettings:
    settings = settings_for(provider, llm.base_url)
    return settings.model_copy(update={"langchain_vendor": vendor}) if vendor else settings


def _run(llm: FakeLLM, exporter: InMemorySpanExporter, provider: str, vendor: str | None, tool_choice: str) -> AgentRun:
    """One dates_agent run on a fresh event through the adapter, traced into `exporter`."""
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    venue, clock = load_venue(), FrozenClock()
    options: dict[str, Any] = {"backoff": Backoff(attempts=1, sleep=lambda _seconds: None)}
    if provider == "openai_agents":
        options["tracer_provider"] = tracer_provider
    runtime = build_runtime(provider, _settings(llm, provider, vendor), venue, clock,
                            tracer_provider.get_tracer("venuedesk"), **options)
    spec = WORKERS["dates_agent"]
    state = EventState(event_id="ev-1", thread_id="th-1")
    view = {"event": state.model_dump(mode="json"), "today": "2026-02-02", "turn_id": "turn-1"}
    tools = [ToolSpec(name, booking_tools()[name].description, booking_tools()[name].json_schema())
             for name in spec.tools]
    return runtime.run(spec, [ConversationMessage("client", MESSAGE)], view, tools, tool_choice, Understanding,
                       tool_runner=lambda _call: {"status": "ok"})


def _model_spans(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    return [span for span in exporter.get_finished_spans() if span.name == MODEL_CALL_SPAN]


@pytest.mark.parametrize(("provider", "vendor"), ADAPTERS)
def test_one_model_call_is_one_span_with_provider_model_tool_choice_tokens_and_duration(
    llm: FakeLLM, exporter: InMemorySpanExporter, provider: str, vendor: str | None
) -> None:
    run = _run(llm, exporter, provider, vendor, "required")
    [span] = _model_spans(exporter)
    attributes = dict(span.attributes or {})
    assert set(attributes) == ATTRIBUTES
    settings = _settings(llm, provider, vendor)
    model = settings.mistral_model if "mistral" in (provider, vendor) else settings.openai_model
    assert attributes["model.provider"] == provider and attributes["model.name"] == model
    assert attributes["model.tool_choice"] == "required"
    assert attributes["model.input_tokens"] == run.usage.input_tokens == llm.requests[0].prompt_tokens > 0
    assert attributes["model.output_tokens"] == run.usage.output_tokens == llm.requests[0].completion_tokens > 0
    assert float(attributes["model.duration_ms"]) >= 0  # type: ignore[arg-type]


@pytest.mark.parametrize(("provider", "vendor"), ADAPTERS)
def test_no_span_carries_the_clients_words(
    llm: FakeLLM, exporter: InMemorySpanExporter, provider: str, vendor: str | None
) -> None:
    _run(llm, exporter, provider, vendor, "required")
    spans = exporter.get_finished_spans()
    assert _model_spans(exporter)
    for span in spans:
        values = [str(value) for value in (span.attributes or {}).values()]
        values += [str(value) for event in span.events for value in (event.attributes or {}).values()]
        assert not [word for word in CLIENT_WORDS for value in values if word in value], span.name


@pytest.mark.parametrize(("provider", "vendor"), ADAPTERS)
def test_a_gate_run_traces_the_named_call_then_the_recording_call(
    llm: FakeLLM, exporter: InMemorySpanExporter, provider: str, vendor: str | None
) -> None:
    _run(llm, exporter, provider, vendor, "dates_check")
    choices = [span.attributes["model.tool_choice"] for span in _model_spans(exporter) if span.attributes]
    assert choices[0] == "dates_check" and len(choices) == 2 and choices[1] != "dates_check"


def test_a_failed_model_call_ends_its_span_with_the_error_type(llm: FakeLLM, exporter: InMemorySpanExporter) -> None:
    llm.set_faults(["server_error"], count=1)
    run = _run(llm, exporter, "openai_chat", None, "required")
    assert run.usage.failed
    [span] = _model_spans(exporter)
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes is not None and span.attributes["model.error"] == "TransientModelError"


def test_a_desk_turn_nests_the_model_call_under_the_agent_run(llm: FakeLLM, tmp_path: Path) -> None:
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    engine = ensure_ready(f"sqlite:///{tmp_path / 'spans.sqlite3'}")
    desk = Desk(engine, FrozenClock(parse_clock("2026-02-02T09:00:00+01:00")), id_seed=0,
                tracer_provider=tracer_provider, provider_settings=settings_for("openai_chat", llm.base_url))
    desk.handle_message(desk.open_thread().thread_id, MESSAGE)
    engine.dispose()
    spans = exporter.get_finished_spans()
    agent_run = next(span for span in spans if span.name == "agent run")
    model_calls = [span for span in spans if span.name == MODEL_CALL_SPAN]
    assert model_calls and all(span.parent is not None and span.parent.span_id == agent_run.context.span_id
                               for span in model_calls)
