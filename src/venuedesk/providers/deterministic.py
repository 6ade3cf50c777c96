"""The offline provider: deterministic understanding, and the tool calls a competent model would make."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from venuedesk.agents.specs import AgentSpec
from venuedesk.clock import Clock
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
from venuedesk.providers.base import AgentRun, ConversationMessage, ProposedToolCall, ToolChoice, ToolRunner, ToolSpec, Usage
from venuedesk.providers.planner import plan_tool_calls
from venuedesk.understanding import understand
from venuedesk.understanding.context import NO_CONTEXT, MessageContext, message_context
from venuedesk.understanding.model import Understanding
from venuedesk.understanding.capture import capture


class DeterministicRuntime:
    """Runs any agent spec offline; output and tool calls are validated like a model's."""

    name = "deterministic"

    def __init__(self, venue: Venue, clock: Clock) -> None:
        self.venue = venue
        self.clock = clock
        self._understand = lru_cache(maxsize=256)(self._understand_uncached)

    def understand(self, text: str, language: str | None, context: MessageContext = NO_CONTEXT) -> Understanding:
        """Deterministic understanding of one message, cached for the turn's router and worker. `text` is the
        client's new text as the desk hands it to every agent (quoted history and signature already split off)."""
        return self._understand(text, self.clock.now().date(), language, context)

    def _understand_uncached(
        self, text: str, today: date, language: str | None, context: MessageContext
    ) -> Understanding:
        return understand(text, self.venue, today, known_language=language, context=context, split_mail=False)

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
    ) -> AgentRun:
        text = next((m.text for m in reversed(conversation) if m.role == "client"), "")
        state = EventState.model_validate(state_view["event"])
        facts = self.understand(text, state.language, message_context(state))
        output = output_schema.model_validate(facts.model_dump())
        allowed = {tool.name for tool in tools}
        if tool_choice in allowed:  # a tool named by tool_choice is the only call a model can make
            allowed = {tool_choice}
        capture(state, facts, self.clock.now().date(), self.venue)
        calls = [
            ProposedToolCall(id=f"call_{state_view['turn_id']}_{index}", name=name, args=args)
            for index, (name, args) in enumerate(plan_tool_calls(spec, state, facts, self.venue, self.clock), 1)
            if name in allowed
        ]
        return AgentRun(tool_calls=calls, output=output, usage=Usage())
