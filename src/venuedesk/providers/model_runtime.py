"""What every model adapter shares: prompt layout, one-call structured output, retries, repair and fallback.

A run makes one model call: the agent's tools plus `record_understanding` (the output schema as a strict
function tool) are offered, so the structured output and the tool calls arrive together. At a gate the gate
tool is forced by name, which allows no other call, so the facts come in a second call. Agents without tools
get `response_format` json_schema instead. A model that calls tools but records nothing gets the tools'
results echoed as `tool` messages (by `tool_call_id`) and one more call for the output. Each model request
is one `model.call` span.
Output that fails its schema gets one repair call; after that the deterministic provider's understanding is
used, and a model that keeps failing (429, 5xx, timeouts) hands the whole run to the deterministic provider.
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from opentelemetry.trace import Tracer
from pydantic import BaseModel, ValidationError

from venuedesk.agents.specs import AgentSpec
from venuedesk.observability.tracing import model_call_span
from venuedesk.providers.backoff import Backoff
from venuedesk.providers.base import (
    AgentRun,
    AgentRuntime,
    ConversationMessage,
    ProposedToolCall,
    ToolChoice,
    ToolRunner,
    ToolSpec,
    Usage,
)
from venuedesk.providers.errors import ModelUnavailable, PermanentModelError
from venuedesk.providers.prompting import RECORD_TOOL, system_prompt
from venuedesk.tools.schema import strict_json_schema

log = logging.getLogger(__name__)
RECORD_DESCRIPTION = "Record what the client's latest message says, exactly as written, in the output schema."


def offered_choice(tool_choice: ToolChoice, tools: list[ToolSpec]) -> ToolChoice:
    """The tool_choice sent with the agent's tools and `record_understanding`: a gate tool the agent was offered
    is forced by name; "required" stays "required"; anything else lets the model choose."""
    if tool_choice in ("auto", "none"):
        return "auto"
    if tool_choice == "required" or tool_choice in {tool.name for tool in tools}:
        return tool_choice
    return "required"


def choice_label(tool_choice: ToolChoice | None) -> str:
    """The tool_choice of a model call as a span names it: the mode, or the forced tool's name."""
    return "none" if tool_choice is None else tool_choice


@dataclass
class ModelReply:
    """One model response in vendor-neutral form."""

    content: str | None = None
    tool_calls: list[ProposedToolCall] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0


class ModelRuntime(ABC):
    """Base of the model adapters; subclasses implement `_complete` for one vendor SDK."""

    name = "model"

    def __init__(self, fallback: AgentRuntime, backoff: Backoff | None = None, tracer: Tracer | None = None) -> None:
        self.fallback = fallback
        self.backoff = backoff or Backoff()
        self.tracer = tracer

    def close(self) -> None:  # noqa: B027 - a hook: an adapter without a client of its own closes nothing
        """Close the SDK client this runtime created (never one passed in); the base holds none."""

    def model_name(self) -> str:
        """The model the adapter calls, as the `model.call` span names it."""
        model = getattr(self, "model", None)
        return model if isinstance(model, str) else ""

    @abstractmethod
    def _complete(
        self, messages: list[dict[str, Any]], tools: list[ToolSpec], tool_choice: ToolChoice | None,
        output_schema: type[BaseModel] | None,
    ) -> ModelReply:
        """One model call; raises TransientModelError / PermanentModelError for failures."""

    def run(
        self, spec: AgentSpec, conversation: list[ConversationMessage], state_view: dict[str, Any],
        tools: list[ToolSpec], tool_choice: ToolChoice, output_schema: type[BaseModel], *,
        tool_runner: ToolRunner | None = None,
    ) -> AgentRun:
        usage = Usage()
        text = next((m.text for m in reversed(conversation) if m.role == "client"), "")
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": system_prompt(spec, state_view)},
            {"role": "user", "content": text},
        ]
        try:
            return self._run(spec, messages, tools, tool_choice, output_schema, usage, tool_runner,
                             conversation, state_view)
        except (ModelUnavailable, PermanentModelError) as error:
            log.warning("model provider failed; the deterministic provider completes the turn",
                        extra={"provider": self.name, "agent": spec.name, "error": str(error)[:300]})
            run = self.fallback.run(spec, conversation, state_view, tools, tool_choice, output_schema)
            run.usage = usage
            run.usage.failed = True
            return run

    def _run(
        self, spec: AgentSpec, messages: list[dict[str, Any]], tools: list[ToolSpec], tool_choice: ToolChoice,
        output_schema: type[BaseModel], usage: Usage, tool_runner: ToolRunner | None,
        conversation: list[ConversationMessage], state_view: dict[str, Any],
    ) -> AgentRun:
        record = ToolSpec(RECORD_TOOL, RECORD_DESCRIPTION, strict_json_schema(output_schema))
        offered = [*tools, record] if tools else []
        choice: ToolChoice | None = offered_choice(tool_choice, tools) if offered else None
        reply = self._call(messages, offered, choice, None if offered else output_schema, usage)
        output, problem, calls, refused = self._split(reply, output_schema, {t.name for t in offered})
        if output is None and calls and tool_runner is not None and problem is None:
            messages = [*messages, *_answered(reply, tool_runner, None)]
            reply = self._call(messages, [], None, output_schema, usage)
            output, problem, _more, _refused = self._split(reply, output_schema, set())
        if output is None:
            repair = problem or "no structured output was given"
            messages = [*messages, *_answered(reply, None, repair), {"role": "user", "content": (
                f"Your previous answer was not valid: {repair}. Answer again with only the JSON object "
                "that matches the schema.")}]
            reply = self._call(messages, [], None, output_schema, usage)
            output, problem, _more, _refused = self._split(reply, output_schema, set())
        if output is None:
            log.warning("model output failed its schema twice; using deterministic understanding",
                        extra={"provider": self.name, "agent": spec.name, "problem": (problem or "")[:300]})
            usage.fallback = True
            output = self.fallback.run(spec, conversation, state_view, [], "none", output_schema).output
        return AgentRun(tool_calls=calls, output=output, usage=usage, refused=refused)

    def _call(
        self, messages: list[dict[str, Any]], tools: list[ToolSpec], tool_choice: ToolChoice | None,
        output_schema: type[BaseModel] | None, usage: Usage,
    ) -> ModelReply:
        def attempt() -> ModelReply:
            usage.model_calls += 1
            with model_call_span(self.tracer, self.name, self.model_name(), choice_label(tool_choice)) as spent:
                reply = self._complete(messages, tools, tool_choice, output_schema)
                spent.input_tokens, spent.output_tokens = reply.input_tokens, reply.output_tokens
            return reply

        reply = self.backoff.run(attempt)
        usage.input_tokens += reply.input_tokens
        usage.output_tokens += reply.output_tokens
        return reply

    @staticmethod
    def _split(
        reply: ModelReply, output_schema: type[BaseModel], offered: set[str]
    ) -> tuple[BaseModel | None, str | None, list[ProposedToolCall], list[ProposedToolCall]]:
        """(output, why the output is invalid, tool calls to propose, tool calls refused as not offered)."""
        output: BaseModel | None = None
        problem: str | None = None
        calls: list[ProposedToolCall] = []
        refused: list[ProposedToolCall] = []
        raw_output: Any = None
        records = [call for call in reply.tool_calls if call.name == RECORD_TOOL]
        if len(records) > 1 or _conflicting_ids(reply.tool_calls) & {call.id for call in records}:
            return None, "record_understanding was called more than once with different arguments", [], []
        for call in reply.tool_calls:
            if call.name == RECORD_TOOL:
                raw_output = call.args
            elif offered and call.name not in offered:
                refused.append(call)
            else:
                calls.append(call)
        if raw_output is None and reply.content and not reply.tool_calls:
            raw_output = reply.content
        if raw_output is not None:
            output, problem = _validate(raw_output, output_schema)
        return output, problem, calls, refused


def _conflicting_ids(calls: list[ProposedToolCall]) -> set[str]:
    """Ids used by more than one call with different arguments."""
    seen: dict[str, Any] = {}
    conflicting: set[str] = set()
    for call in calls:
        if call.id in seen and seen[call.id] != call.args:
            conflicting.add(call.id)
        seen.setdefault(call.id, call.args)
    return conflicting


def _validate(raw: Any, schema: type[BaseModel]) -> tuple[BaseModel | None, str | None]:
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg})"
    try:
        return schema.model_validate(data), None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "output"
        return None, f"{where}: {first['msg']}"


def _assistant(reply: ModelReply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content or ""}
    if reply.tool_calls:
        message["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {
                "name": c.name, "arguments": c.args if isinstance(c.args, str) else json.dumps(c.args)}}
            for c in reply.tool_calls
        ]
    return message


def _answered(reply: ModelReply, runner: ToolRunner | None, problem: str | None) -> list[dict[str, Any]]:
    """The assistant turn and one `tool` message per tool call, echoing its `tool_call_id`."""
    messages = [_assistant(reply)]
    for call in reply.tool_calls:
        if call.name == RECORD_TOOL:
            result: dict[str, Any] = {"error": problem} if problem else {"status": "recorded"}
        elif runner is not None:
            result = runner(call)
        else:
            result = {"status": "not run"}
        messages.append({"role": "tool", "tool_call_id": call.id, "name": call.name,
                         "content": json.dumps(result, default=str)})
    return messages
