"""OpenTelemetry spans for turn → agent run → model call / tool call; no-op unless an SDK and exporter are installed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode

TRACER_NAME = "venuedesk"
MODEL_CALL_SPAN = "model.call"


def tracer(provider: trace.TracerProvider | None = None, name: str = TRACER_NAME) -> trace.Tracer:
    """A tracer from `provider`, else from the global provider (the API's no-op one until configured)."""
    return provider.get_tracer(name) if provider is not None else trace.get_tracer(name)


@dataclass
class ModelCallTokens:
    """The tokens one model call cost, filled in by the adapter once the response is read."""

    input_tokens: int = 0
    output_tokens: int = 0


@contextmanager
def model_call_span(
    span_tracer: trace.Tracer | None, provider: str, model: str, tool_choice: str
) -> Iterator[ModelCallTokens]:
    """One `model.call` span per request to a model: provider, model, tool_choice, tokens and duration.

    Only these figures are recorded, never the prompt, the client's words or the model's answer (they may hold
    PII). A failed call ends the span with an error status naming the error's type.
    """
    used = span_tracer or trace.get_tracer(TRACER_NAME)
    tokens = ModelCallTokens()
    started = time.perf_counter()
    with used.start_as_current_span(MODEL_CALL_SPAN, record_exception=False, set_status_on_exception=False) as span:
        span.set_attribute("model.provider", provider)
        span.set_attribute("model.name", model)
        span.set_attribute("model.tool_choice", tool_choice)
        try:
            yield tokens
        except BaseException as error:
            span.set_status(Status(StatusCode.ERROR, type(error).__name__))
            span.set_attribute("model.error", type(error).__name__)
            raise
        finally:
            span.set_attribute("model.input_tokens", tokens.input_tokens)
            span.set_attribute("model.output_tokens", tokens.output_tokens)
            span.set_attribute("model.duration_ms", round((time.perf_counter() - started) * 1000, 3))
