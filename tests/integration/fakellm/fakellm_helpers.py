"""Shared inputs for the fake-llm tests: prompts made the way the adapters make them, and argument checks."""

from __future__ import annotations

import json
from typing import Any

from venuedesk.agents.specs import WORKERS
from venuedesk.domain.event import EventState
from venuedesk.fakellm import shapes
from venuedesk.providers.prompting import RECORD_TOOL, system_prompt
from venuedesk.tools.registry import booking_tools
from venuedesk.tools.schema import strict_json_schema
from venuedesk.understanding.model import Understanding

HANG_SECONDS = 1.0
"""How long the session's fake hangs on a `hang` fault: short, so the timeout tests stay fast."""
WORKSHOP = "workshop for 30 people on 10 March 2026, 9 to 5"
TODAY = "2026-02-02"
UNDERSTANDING_SCHEMA = strict_json_schema(Understanding)
CHAT_FORMAT = {
    "type": "json_schema",
    "json_schema": {"name": "Understanding", "schema": UNDERSTANDING_SCHEMA, "strict": True},
}
RESPONSES_FORMAT = {
    "format": {"type": "json_schema", "name": "Understanding", "schema": UNDERSTANDING_SCHEMA, "strict": True}
}


def system_for(agent: str = "dates_agent", **event: Any) -> str:
    """The system prompt an adapter sends for `agent` on a fresh event (fields overridable)."""
    state = EventState(event_id="ev-1", thread_id="th-1", **event)
    return system_prompt(
        WORKERS[agent], {"event": state.model_dump(mode="json"), "today": TODAY, "turn_id": "turn-1"}
    )


def chat_messages(text: str = WORKSHOP, agent: str = "dates_agent", **event: Any) -> list[dict[str, Any]]:
    return [{"role": "system", "content": system_for(agent, **event)}, {"role": "user", "content": text}]


def chat_tools(agent: str = "dates_agent", record: bool = False) -> list[dict[str, Any]]:
    """The agent's tools as Chat Completions strict function tools (plus `record_understanding`)."""
    tools = [booking_tools()[name].function_spec() for name in WORKERS[agent].tools]
    if record:
        tools.append(
            {
                "type": "function",
                "function": {
                    "name": RECORD_TOOL,
                    "description": "Record the facts.",
                    "parameters": UNDERSTANDING_SCHEMA,
                    "strict": True,
                },
            }
        )
    return tools


def responses_tools(agent: str = "dates_agent") -> list[dict[str, Any]]:
    """The agent's tools as Responses API function tools."""
    return [{"type": "function", **tool["function"]} for tool in chat_tools(agent)]


def check_args(name: str, arguments: str) -> dict[str, Any]:
    """Arguments that are JSON, match the tool's strict schema and validate with its pydantic model."""
    args = json.loads(arguments)
    tool = booking_tools()[name]
    assert shapes.errors(args, tool.json_schema()) == []
    tool.parse_args(args)
    return args


def check_facts(content: str) -> Understanding:
    """Structured output that matches the strict Understanding schema and validates as `Understanding`."""
    data = json.loads(content)
    assert shapes.errors(data, UNDERSTANDING_SCHEMA) == []
    return Understanding.model_validate(data)
