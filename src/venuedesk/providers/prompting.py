"""How every model adapter presents a turn to a model: instructions, the booking state, the client's words.

The state travels inside the system message as one JSON line after `STATE_MARKER`, so any model (and the
local fake-llm) sees the same context; `parse_state` reads it back.
"""

from __future__ import annotations

import json
from typing import Any

from venuedesk.agents.specs import AgentSpec

STATE_MARKER = "BOOKING_STATE_JSON: "
RECORD_TOOL = "record_understanding"


def system_prompt(spec: AgentSpec, state_view: dict[str, Any]) -> str:
    """The agent's instructions followed by the booking state (event, today, language) as one JSON line."""
    context = {
        "agent": spec.name,
        "today": state_view.get("today"),
        "turn_id": state_view.get("turn_id"),
        "event": state_view.get("event"),
    }
    return f"{spec.instructions}\n\n{STATE_MARKER}{json.dumps(context, separators=(',', ':'), default=str)}"


def parse_state(system_text: str) -> dict[str, Any] | None:
    """The context dict from a system prompt made by `system_prompt`, or None when absent or malformed."""
    for line in system_text.splitlines():
        if line.startswith(STATE_MARKER):
            try:
                data = json.loads(line[len(STATE_MARKER):])
            except ValueError:
                return None
            return data if isinstance(data, dict) else None
    return None
