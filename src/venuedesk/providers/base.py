"""The one interface every model provider implements (docs/design.md §4.7)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from venuedesk.agents.specs import AgentSpec


@dataclass(frozen=True)
class ConversationMessage:
    role: Literal["client", "desk", "manager", "system"]
    text: str


@dataclass(frozen=True)
class ProposedToolCall:
    """A tool call as a model emits it: an id, a tool name and JSON arguments."""

    id: str
    name: str
    args: dict[str, Any] | str


@dataclass(frozen=True)
class ToolSpec:
    """What a provider is shown of a tool: name, description, strict JSON schema."""

    name: str
    description: str
    parameters: dict[str, Any]


@dataclass
class Usage:
    """Model calls and tokens of one run; `failed` / `fallback` say the deterministic provider stepped in."""

    model_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    failed: bool = False
    fallback: bool = False


@dataclass
class AgentRun:
    """The result of one agent run: proposed tool calls and a validated structured output."""

    tool_calls: list[ProposedToolCall] = field(default_factory=list)
    output: BaseModel | None = None
    text: str = ""
    usage: Usage = field(default_factory=Usage)
    refused: list[ProposedToolCall] = field(default_factory=list)


ToolChoice = Literal["auto", "none", "required"] | str  # a tool name forces that tool
ToolRunner = Callable[[ProposedToolCall], dict[str, Any]]
"""Runs a read-only tool call during a model's run and returns its result (or an error) as JSON data."""


def close_runtime(runtime: object) -> None:
    """Close what a runtime opened (its SDK clients and their pooled connections) when it has a `close`; a runtime
    without one (the deterministic provider, a test double) holds nothing to close."""
    close = getattr(runtime, "close", None)
    if callable(close):
        close()


class AgentRuntime(Protocol):
    """A provider: runs one agent spec over the conversation and returns its structured understanding."""

    name: str

    def run(
        self,
        spec: AgentSpec,
        conversation: list[ConversationMessage],
        state_view: dict[str, Any],
        tools: list[ToolSpec],
        tool_choice: ToolChoice,
        output_schema: type[BaseModel],
        *,
        tool_runner: ToolRunner | None = None,
    ) -> AgentRun: ...
