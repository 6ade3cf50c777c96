"""Test doubles for the model boundary, so a test can say exactly what "the model" answers without a network.

- `ScriptedRuntime`: an `AgentRuntime` that answers each run with the next scripted `AgentRun` (FIFO), records
  every call it received, and `assert_complete()` checks that the whole script was used.
- `FunctionRuntime`: an `AgentRuntime` whose answers a function decides from the call it received.
- `ScriptedModel`: a `ModelRuntime` whose model calls answer with scripted `ModelReply`s, so the adapters'
  shared retries, schema repair, refusals and fallback run for real (`record` builds a typical reply).

Pass one to `Desk(engine, clock, runtime=...)`; it then answers for every agent. Modelled on
openai-agents-python's `agents.testing.ScriptedModel` and pydantic-ai's `FunctionModel`.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from venuedesk.agents.specs import AgentSpec
from venuedesk.providers.backoff import Backoff
from venuedesk.providers.base import (
    AgentRun,
    AgentRuntime,
    ConversationMessage,
    ProposedToolCall,
    ToolChoice,
    ToolRunner,
    ToolSpec,
)
from venuedesk.providers.model_runtime import ModelReply, ModelRuntime
from venuedesk.providers.prompting import RECORD_TOOL

Answer = AgentRun | BaseModel | BaseException
"""A scripted answer: a whole run, only its structured output, or an exception the runtime raises."""


@dataclass(frozen=True)
class RuntimeCall:
    """One run a test runtime was asked for, with everything the desk passed to it."""

    spec: AgentSpec
    conversation: list[ConversationMessage]
    state_view: dict[str, Any]
    tools: list[ToolSpec]
    tool_choice: ToolChoice
    output_schema: type[BaseModel]
    tool_runner: ToolRunner | None = None

    @property
    def text(self) -> str:
        """The client's latest message."""
        return next((m.text for m in reversed(self.conversation) if m.role == "client"), "")

    @property
    def tool_names(self) -> list[str]:
        """The names of the tools the agent was offered, in order."""
        return [tool.name for tool in self.tools]


@dataclass(frozen=True)
class ModelCall:
    """One model call a `ScriptedModel` received: the messages, the tools offered, the tool choice, the schema."""

    messages: list[dict[str, Any]]
    tools: list[ToolSpec]
    tool_choice: ToolChoice | None
    output_schema: type[BaseModel] | None


class ScriptExhausted(AssertionError):
    """The code under test asked for more answers than the script holds."""


def _as_run(answer: Answer) -> AgentRun:
    """Raise a scripted exception, or turn a structured output into a run that proposes no tool calls."""
    if isinstance(answer, BaseException):
        raise answer
    return answer if isinstance(answer, AgentRun) else AgentRun(output=answer)


class _RecordingRuntime:
    """Records each run it is asked for; subclasses decide the answer."""

    name = "scripted"

    def __init__(self, name: str | None) -> None:
        if name is not None:
            self.name = name
        self.calls: list[RuntimeCall] = []

    def run(
        self, spec: AgentSpec, conversation: list[ConversationMessage], state_view: dict[str, Any],
        tools: list[ToolSpec], tool_choice: ToolChoice, output_schema: type[BaseModel], *,
        tool_runner: ToolRunner | None = None,
    ) -> AgentRun:
        """Record the call, then answer it."""
        call = RuntimeCall(spec, list(conversation), state_view, list(tools), tool_choice, output_schema,
                           tool_runner)
        self.calls.append(call)
        return _as_run(self._answer(call))

    def _answer(self, call: RuntimeCall) -> Answer:
        raise NotImplementedError


class ScriptedRuntime(_RecordingRuntime):
    """An `AgentRuntime` that gives the scripted answers in order and records the calls it received."""

    def __init__(self, *answers: Answer, name: str | None = None) -> None:
        super().__init__(name)
        self._script: deque[Answer] = deque(answers)

    @property
    def remaining(self) -> int:
        """How many scripted answers are still unused."""
        return len(self._script)

    def add(self, *answers: Answer) -> None:
        """Append answers to the end of the script."""
        self._script.extend(answers)

    def _answer(self, call: RuntimeCall) -> Answer:
        if not self._script:
            raise ScriptExhausted(f"no scripted answer left for run {len(self.calls)} ({call.spec.name}, "
                                  f"message {call.text!r}); add one to the script")
        return self._script.popleft()

    def assert_complete(self) -> None:
        """Fail when scripted answers were never asked for."""
        if self._script:
            raise AssertionError(f"{len(self._script)} scripted answer(s) unused after {len(self.calls)} run(s)")


class FunctionRuntime(_RecordingRuntime):
    """An `AgentRuntime` whose answer to each call is decided by `function(call)`."""

    def __init__(self, function: Callable[[RuntimeCall], Answer], *, name: str | None = None) -> None:
        super().__init__(name)
        self.function = function

    def _answer(self, call: RuntimeCall) -> Answer:
        return self.function(call)


def _no_sleep(_seconds: float) -> None:
    """Retries in tests wait for nothing."""


class ScriptedModel(ModelRuntime):
    """A model adapter whose model calls answer with scripted `ModelReply`s (or raise scripted errors)."""

    name = "scripted_model"

    def __init__(self, *replies: ModelReply | BaseException, fallback: AgentRuntime,
                 backoff: Backoff | None = None) -> None:
        super().__init__(fallback, backoff or Backoff(sleep=_no_sleep))
        self._script: deque[ModelReply | BaseException] = deque(replies)
        self.calls: list[ModelCall] = []

    def _complete(
        self, messages: list[dict[str, Any]], tools: list[ToolSpec], tool_choice: ToolChoice | None,
        output_schema: type[BaseModel] | None,
    ) -> ModelReply:
        self.calls.append(ModelCall(list(messages), list(tools), tool_choice, output_schema))
        if not self._script:
            raise ScriptExhausted(f"no scripted model reply left for model call {len(self.calls)}")
        reply = self._script.popleft()
        if isinstance(reply, BaseException):
            raise reply
        return reply

    @property
    def remaining(self) -> int:
        """How many scripted replies are still unused."""
        return len(self._script)

    def assert_complete(self) -> None:
        """Fail when scripted replies were never asked for."""
        if self._script:
            raise AssertionError(f"{len(self._script)} scripted reply(ies) unused after {len(self.calls)} call(s)")


def tool_call(name: str, args: dict[str, Any] | str, call_id: str | None = None) -> ProposedToolCall:
    """A tool call as a model would emit it (the id defaults to one derived from the name)."""
    return ProposedToolCall(id=call_id or f"call_{name}", name=name, args=args)


def record(output: BaseModel | dict[str, Any] | str, calls: Iterable[ProposedToolCall] = ()) -> ModelReply:
    """A model reply that records `output` through `record_understanding`, beside any other tool calls."""
    if isinstance(output, BaseModel):
        args: dict[str, Any] | str = output.model_dump(mode="json")
    else:
        args = output
    recorded = ProposedToolCall(id="call_record", name=RECORD_TOOL,
                                args=args if isinstance(args, str) else json.dumps(args))
    return ModelReply(tool_calls=[*calls, recorded])


__all__ = [
    "Answer",
    "FunctionRuntime",
    "ModelCall",
    "RuntimeCall",
    "ScriptExhausted",
    "ScriptedModel",
    "ScriptedRuntime",
    "record",
    "tool_call",
]
