"""Runs the worker agent of a turn on its provider: routing, per-thread provider pinning, tool calls the model
makes during its run, refusals, and model usage per turn and per thread."""

from __future__ import annotations

import json
import logging
from typing import Any

from opentelemetry.trace import Tracer

from venuedesk.agents.specs import AgentSpec
from venuedesk.clock import Clock
from venuedesk.domain.catalogue import Venue
from venuedesk.providers.base import (
    AgentRun,
    AgentRuntime,
    ConversationMessage,
    ProposedToolCall,
    ToolSpec,
    Usage,
    close_runtime,
)
from venuedesk.providers.deterministic import DeterministicRuntime
from venuedesk.providers.registry import build_runtime
from venuedesk.providers.settings import ProviderSettings
from venuedesk.tools.registry import booking_tools
from venuedesk.understanding.context import message_context
from venuedesk.understanding.model import Understanding
from venuedesk.workflow.router import route, tool_choice_for
from venuedesk.workflow.turn import ToolFailed, Turn

log = logging.getLogger(__name__)


class AgentRunner:
    """Chooses and runs the provider for each agent; one instance per Desk."""

    def __init__(self, venue: Venue, clock: Clock, settings: ProviderSettings, tracer: Tracer,
                 runtime: AgentRuntime | None = None, runtime_options: dict[str, Any] | None = None) -> None:
        self.understanding = DeterministicRuntime(venue, clock)
        self.settings = settings
        self.tracer = tracer
        self._forced = runtime
        self._runtimes: dict[str, AgentRuntime] = {"deterministic": self.understanding}
        self._options = runtime_options or {}
        self._tool_specs = {name: ToolSpec(name, tool.description, tool.json_schema())
                            for name, tool in booking_tools().items()}
        self._venue, self._clock = venue, clock
        for name in sorted(settings.configured()):
            self.runtime(name)

    def runtime(self, name: str) -> AgentRuntime:
        """The runtime of a provider, built once (fails at start-up when its SDK or key is missing)."""
        if name not in self._runtimes:
            self._runtimes[name] = build_runtime(name, self.settings, self._venue, self._clock, self.tracer,
                                                 **self._options.get(name, {}))
        return self._runtimes[name]

    def close(self) -> None:
        """Close the runtimes built here (their SDK clients); a runtime passed in belongs to whoever passed it."""
        for runtime in self._runtimes.values():
            close_runtime(runtime)
        self._runtimes = {"deterministic": self.understanding}

    def provider_name(self, turn: Turn, spec: AgentSpec) -> str:
        """The thread's provider for the agent: stored at first use, kept for the thread's lifetime."""
        if self._forced is not None:
            return getattr(self._forced, "name", "custom")
        thread = turn.uow.threads.get(turn.state.thread_id)
        pinned = (thread.providers or {}).get(spec.name) if thread is not None else None
        if pinned:
            return pinned
        name = self.settings.provider_for(spec.name)
        if thread is not None:
            turn.uow.threads.set_provider(thread.id, spec.name, name)
        return name

    def understand(self, turn: Turn, text: str) -> AgentRun:
        """Route on deterministic understanding, run the worker, and return its validated facts and calls; `text` is
        the client's new text, split from the mail once by the desk (`split_reply`)."""
        state = turn.state
        first_pass = self.understanding.understand(text, state.language, message_context(state))
        spec = route(state, first_pass)
        provider = self.provider_name(turn, spec)
        runtime = self._forced or self.runtime(provider)
        tools = [self._tool_specs[name] for name in spec.tools]
        choice = tool_choice_for(spec, state)
        with self.tracer.start_as_current_span("agent run") as span:
            span.set_attribute("agent.name", spec.name)
            span.set_attribute("agent.provider", provider)
            span.set_attribute("agent.tool_choice", choice)
            run = runtime.run(
                spec, [ConversationMessage("client", text)],
                {"event": state.model_dump(mode="json"), "turn_id": turn.turn_id,
                 "today": turn.now.date().isoformat()},
                tools, choice, spec.output_schema,
                tool_runner=lambda call: self._run_tool_for_model(turn, spec, call, forced=choice),
            )
            span.set_attribute("agent.tool_calls", len(run.tool_calls))
            span.set_attribute("agent.model_calls", run.usage.model_calls)
            for refused in run.refused:
                span.add_event("tool call refused", {"tool.name": refused.name, "reason": "not offered"})
                log.warning("model called a tool it was not offered", extra={"tool": refused.name,
                                                                            "agent": spec.name})
        if not isinstance(run.output, Understanding):
            run.output = first_pass
        turn.drafted_by = self.attribution(provider, runtime, run.usage)
        run.tool_calls = _unique_ids(run.tool_calls)
        return run

    def attribution(self, provider: str, runtime: AgentRuntime, usage: Usage) -> dict[str, str] | None:
        """`{provider, model}` when a model understood the message (it made calls and no fallback stepped in);
        None for the deterministic provider. Drafts and auto-sent messages of the turn carry it."""
        if usage.model_calls <= 0 or usage.failed or usage.fallback:
            return None
        model = getattr(runtime, "model", None)
        if not isinstance(model, str) or not model:
            model = self._model_of(provider)
        return {"provider": provider, "model": model}

    def _model_of(self, provider: str) -> str:
        settings = self.settings
        if provider == "mistral" or provider == "langchain" and settings.langchain_vendor == "mistral":
            return settings.mistral_model
        if provider in ("openai_agents", "openai_chat", "langchain"):
            return settings.openai_model
        return provider

    def _run_tool_for_model(
        self, turn: Turn, spec: AgentSpec, call: ProposedToolCall, forced: str = "auto"
    ) -> dict[str, Any]:
        """Read-only tools run now so the model can see their results; side effects wait for the engine, and so
        does the gate tool forced by name: it runs once the message's facts are captured (a result from before
        them, e.g. a price without the products just named, would be a turn late)."""
        tool = booking_tools().get(call.name)
        if tool is None or call.name not in spec.tools:
            return {"error": f"tool {call.name!r} is not available to {spec.name}"}
        if call.name == forced:
            return {"status": "deferred", "note": "the booking engine runs the gate check once this message's "
                                                  "facts are recorded; record them now"}
        if tool.side_effect:
            return {"status": "deferred", "note": "the booking engine performs this after checking it"}
        try:
            args = json.loads(call.args) if isinstance(call.args, str) else call.args
        except ValueError:
            return {"error": "arguments are not valid JSON"}
        try:
            # Ledgered under its own id: the engine's later call runs on the event with this message applied,
            # so a result computed before (e.g. a price without the products just named) is never reused.
            result = turn.call_as(f"{call.id}:during-run", call.name, args)
        except ToolFailed as failure:
            return {"error": str(failure.error)}
        return result.model_dump(mode="json")


def _unique_ids(calls: list[ProposedToolCall]) -> list[ProposedToolCall]:
    """A repeated id with the same arguments counts once; with other arguments all its calls are dropped (the
    engine makes its own calls instead)."""
    by_id: dict[str, set[str]] = {}
    for call in calls:
        by_id.setdefault(call.id, set()).add(_canonical(call.args))
    conflicting = {call_id for call_id, variants in by_id.items() if len(variants) > 1}
    if conflicting:
        log.warning("model repeated a tool_call_id with other arguments; those calls are ignored",
                    extra={"ids": sorted(conflicting)})
    seen: set[str] = set()
    unique = []
    for call in calls:
        if call.id in conflicting or call.id in seen:
            continue
        seen.add(call.id)
        unique.append(call)
    return unique


def _canonical(args: dict[str, Any] | str) -> str:
    if isinstance(args, str):
        try:
            parsed = json.loads(args)
        except ValueError:
            return args
        return json.dumps(parsed, sort_keys=True, default=str)
    return json.dumps(args, sort_keys=True, default=str)


def add_usage(total: Usage, run: Usage) -> None:
    total.model_calls += run.model_calls
    total.input_tokens += run.input_tokens
    total.output_tokens += run.output_tokens
