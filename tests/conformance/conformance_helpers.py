"""Helpers of the conformance suite: the golden scripts, the deterministic baseline, turn snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from venuedesk.agents.specs import WORKERS
from venuedesk.domain.event import EventState
from venuedesk.golden.runner import run_script
from venuedesk.providers.prompting import parse_state
from venuedesk.workflow.router import tool_choice_for

SCRIPTS = sorted((Path(__file__).parents[1] / "golden" / "scripts").glob("*.yaml"))


def deterministic_events(baseline: dict[str, list[dict[str, Any]]], script: Path) -> list[dict[str, Any]]:
    if script.stem not in baseline:
        run = run_script(script)
        baseline[script.stem] = [turn_snapshot(turn) for turn in run.turns]
    return baseline[script.stem]


def turn_snapshot(turn: Any) -> dict[str, Any]:
    """What must be identical across providers: the event, open tasks, the footer and the speaking agent."""
    reply = turn.reply
    return {
        "event": turn.event,
        "hil_open": turn.hil_open,
        "footer": reply.footer_text if reply else None,
        "agent": reply.agent if reply else None,
    }


def requests_by_turn(turns: list[Any], requests: list[Any]) -> list[list[Any]]:
    """The fake's recorded requests split by turn, in order (each turn made `model_calls` of them)."""
    split, start = [], 0
    for turn in turns:
        split.append(requests[start:start + turn.model_calls])
        start += turn.model_calls
    assert start == len(requests), f"{len(requests)} requests recorded for {start} model calls"
    return split


def prompt_context(request: Any) -> dict[str, Any]:
    """The booking state a request carried in its system text (Chat: system message; Responses: instructions)."""
    body = request.body
    if "instructions" in body:
        system = str(body["instructions"])
    else:
        system = "\n".join(str(m.get("content")) for m in body["messages"] if m.get("role") == "system")
    context = parse_state(system)
    assert context is not None, f"no booking state in the request to {request.path}"
    return context


def gate_tool_for(request: Any) -> str | None:
    """The gate tool the router forces for the request's agent and event, or None away from a gate."""
    context = prompt_context(request)
    choice = tool_choice_for(WORKERS[context["agent"]], EventState.model_validate(context["event"]))
    return None if choice in ("auto", "none", "required") else choice


def named_tool(request: Any) -> str | None:
    """The tool a request's `tool_choice` names in its vendor's wire format, or None when it names none."""
    raw = request.body.get("tool_choice")
    if not isinstance(raw, dict):
        return None
    assert raw.get("type") == "function", raw
    if request.path.endswith("/responses"):  # Responses: {"type": "function", "name": ...}
        return str(raw["name"])
    return str(raw["function"]["name"])  # Chat Completions and Mistral: {"type": "function", "function": {...}}
