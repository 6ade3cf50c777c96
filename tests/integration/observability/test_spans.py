"""A turn is traced as turn → agent run → tool calls, and no span attribute carries personal data."""

from __future__ import annotations

from pathlib import Path

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from venuedesk.clock import FrozenClock, parse_clock
from venuedesk.store.db import ensure_ready
from venuedesk.workflow.desk import Desk

MESSAGE = "Room B for 30 people on 10 March 2026, 09:00-17:00, no catering. anna@example.com, +41 79 123 45 67"


def _traced_turn(tmp_path: Path) -> list:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    engine = ensure_ready(f"sqlite:///{tmp_path / 'spans.sqlite3'}")
    desk = Desk(engine, FrozenClock(parse_clock("2026-02-02T09:00:00+01:00")), id_seed=0, tracer_provider=provider)
    thread = desk.open_thread().thread_id
    desk.handle_message(thread, MESSAGE)
    engine.dispose()
    return list(exporter.get_finished_spans())


def test_a_turn_nests_agent_run_and_tool_spans(tmp_path: Path) -> None:
    spans = _traced_turn(tmp_path)
    by_name = {span.name: span for span in spans}
    turn = by_name["turn"]
    assert by_name["agent run"].parent.span_id == turn.context.span_id
    tool_spans = [span for span in spans if span.name.startswith("tool ")]
    assert {"tool dates_check", "tool rooms_search", "tool room_hold", "tool offer_compose", "tool hil_create"} <= {
        span.name for span in tool_spans
    }
    assert all(span.parent.span_id == turn.context.span_id for span in tool_spans)
    assert turn.attributes["turn.step_after"] == 4


def test_no_span_attribute_carries_personal_data(tmp_path: Path) -> None:
    for span in _traced_turn(tmp_path):
        for value in span.attributes.values():
            assert "anna@example.com" not in str(value)
            assert "123 45 67" not in str(value)
