"""OpenTelemetry spans for turn → agent run → tool call; no-op unless an SDK and exporter are installed."""

from __future__ import annotations

from opentelemetry import trace

TRACER_NAME = "venuedesk"


def tracer(provider: trace.TracerProvider | None = None, name: str = TRACER_NAME) -> trace.Tracer:
    """A tracer from `provider`, else from the global provider (the API's no-op one until configured)."""
    return provider.get_tracer(name) if provider is not None else trace.get_tracer(name)
