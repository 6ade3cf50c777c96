"""Agents SDK traces as the project's OpenTelemetry spans, so nothing is exported to OpenAI unless asked.

`install_tracing` replaces the SDK's trace processors (whose default exports to OpenAI's ingest endpoint) with
`OTelTracingProcessor`: agent, response, generation and function spans become `agents.*` spans of the
`venuedesk.agents` tracer, nested under the current span (the engine's "agent run"). Attributes name agents,
tools, models, ids and token counts; never inputs, outputs or arguments. With `openai_tracing_export` the SDK's
default processor stays in place as well.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from agents import set_trace_processors, set_tracing_export_api_key
from agents.tracing import (
    AgentSpanData,
    FunctionSpanData,
    GenerationSpanData,
    ResponseSpanData,
    Span,
    TaskSpanData,
    Trace,
    TracingProcessor,
    TurnSpanData,
)
from agents.tracing.processors import default_processor
from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode

from venuedesk.observability.redaction import redact

log = logging.getLogger(__name__)
TRACER_NAME = "venuedesk.agents"
Attributes = dict[str, str | int | bool]


def describe(data: Any) -> tuple[str, Attributes]:
    """The OTel span name and start attributes of an SDK span's data."""
    if isinstance(data, AgentSpanData):
        return "agents.agent", _clean({"agent.name": data.name, "agent.tools": ",".join(data.tools or []),
                                       "agent.output_type": data.output_type})
    if isinstance(data, FunctionSpanData):
        return f"agents.function {data.name}", {"tool.name": data.name}
    if isinstance(data, ResponseSpanData):
        return "agents.response", {}
    if isinstance(data, GenerationSpanData):
        return "agents.generation", _clean({"model.name": data.model})
    if isinstance(data, TaskSpanData):
        return "agents.task", _clean({"workflow.name": data.name})
    if isinstance(data, TurnSpanData):
        return "agents.turn", _clean({"agent.name": data.agent_name, "agent.turn": data.turn})
    return f"agents.{getattr(data, 'type', 'span')}", {}


def finished(data: Any) -> Attributes:
    """Attributes known when an SDK span ends: the agent's tools, response id and token counts."""
    if isinstance(data, AgentSpanData):
        return describe(data)[1]
    if isinstance(data, ResponseSpanData | GenerationSpanData):
        exported = data.export()
        usage = exported.get("usage") or {}
        return _clean({"response.id": exported.get("response_id"), "model.name": exported.get("model"),
                       "usage.input_tokens": usage.get("input_tokens"),
                       "usage.output_tokens": usage.get("output_tokens")})
    return {}


def _clean(values: dict[str, Any]) -> Attributes:
    return {key: value for key, value in values.items() if isinstance(value, str | int | bool) and value != ""}


class OTelTracingProcessor(TracingProcessor):
    """Mirrors SDK spans as OpenTelemetry spans (parent by SDK parent id, else the current OTel span)."""

    def __init__(self) -> None:
        self.tracer_provider: trace.TracerProvider | None = None
        self._spans: dict[str, trace.Span] = {}
        self._lock = threading.Lock()

    def _tracer(self) -> trace.Tracer:
        provider = self.tracer_provider
        return provider.get_tracer(TRACER_NAME) if provider is not None else trace.get_tracer(TRACER_NAME)

    def on_trace_start(self, sdk_trace: Trace) -> None:
        """Traces map to no span: the engine's agent-run span is their parent."""

    def on_trace_end(self, sdk_trace: Trace) -> None:
        """Nothing to do: spans end on their own."""

    def on_span_start(self, span: Span[Any]) -> None:
        try:
            name, attributes = describe(span.span_data)
            with self._lock:
                parent = self._spans.get(span.parent_id) if span.parent_id else None
            context = trace.set_span_in_context(parent) if parent is not None else None
            otel = self._tracer().start_span(name, context=context, attributes=attributes)
            with self._lock:
                self._spans[span.span_id] = otel
        except Exception:
            log.debug("could not start an agents span", exc_info=True)

    def on_span_end(self, span: Span[Any]) -> None:
        with self._lock:
            otel = self._spans.pop(span.span_id, None)
        if otel is None:
            return
        try:
            otel.set_attributes(finished(span.span_data))
            error = span.error
            if error:
                otel.set_status(Status(StatusCode.ERROR, redact(str(error.get("message", "")))[:200]))
        except Exception:
            log.debug("could not finish an agents span", exc_info=True)
        finally:
            otel.end()

    def shutdown(self) -> None:
        with self._lock:
            spans, self._spans = list(self._spans.values()), {}
        for otel in spans:
            otel.end()

    def force_flush(self) -> None:
        """Spans are handed to OpenTelemetry as they end; its span processors flush them."""


_PROCESSOR = OTelTracingProcessor()
_INSTALLED: dict[str, bool] = {}
_INSTALL_LOCK = threading.Lock()


def install_tracing(export: bool, api_key: str | None = None,
                    tracer_provider: trace.TracerProvider | None = None) -> OTelTracingProcessor:
    """Route SDK traces to OpenTelemetry (idempotent); keep the SDK's OpenAI exporter only when `export`."""
    with _INSTALL_LOCK:
        if tracer_provider is not None:
            _PROCESSOR.tracer_provider = tracer_provider
        if _INSTALLED.get("export") is export:
            return _PROCESSOR
        if export:
            if api_key:
                set_tracing_export_api_key(api_key)
            set_trace_processors([default_processor(), _PROCESSOR])
        else:
            set_trace_processors([_PROCESSOR])
        _INSTALLED["export"] = export
    return _PROCESSOR
