"""What the fake LLM answers: the deterministic understanding and planner, shaped as a model's reply.

Vendor modules turn a request into an `Ask` and an `Answer` back into their wire format; the brain never
sees a vendor format, so the three APIs give the same facts and tool calls for the same turn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from typing import Any, Literal

from venuedesk.agents.specs import WORKERS
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
from venuedesk.fakellm import arguments, obey, shapes
from venuedesk.fakellm.faults import INJECTION_TEXT, INVENTED_ROOM
from venuedesk.providers.planner import plan_tool_calls
from venuedesk.providers.prompting import RECORD_TOOL, parse_state
from venuedesk.understanding import understand
from venuedesk.understanding.context import NO_CONTEXT, MessageContext, message_context
from venuedesk.understanding.capture import capture
from venuedesk.understanding.model import Understanding

DEFAULT_TODAY = date(2026, 2, 2)
ChoiceMode = Literal["none", "auto", "required", "named"]


@dataclass(frozen=True)
class OfferedTool:
    name: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class Ask:
    """One model request, vendor-neutral: the context, the client's words, the tools and the wanted output."""

    system: str = ""
    user_text: str = ""
    after_tool_results: bool = False
    tools: tuple[OfferedTool, ...] = ()
    choice: ChoiceMode = "auto"
    forced_tool: str | None = None
    output_schema: dict[str, Any] | None = None
    json_output: bool = False
    faults: tuple[str, ...] = ()

    @property
    def structured(self) -> bool:
        return self.json_output or self.output_schema is not None


@dataclass(frozen=True)
class Call:
    """A tool call to send: name, JSON-text arguments, and (for `repeat_call_id`) whose id it reuses."""

    name: str
    arguments: str
    reuse_id_of: int | None = None


@dataclass
class Answer:
    content: str | None = None
    calls: list[Call] = field(default_factory=list)

    @property
    def finish_reason(self) -> str:
        return "tool_calls" if self.calls else "stop"

    def completion_chars(self) -> int:
        return len(self.content or "") + sum(len(call.name) + len(call.arguments) for call in self.calls)


def tokens(chars: int) -> int:
    """Deterministic token count: a quarter of the characters, rounded up."""
    return math.ceil(chars / 4)


def prompt_tokens(body: dict[str, Any]) -> int:
    """Tokens of a request: its canonical JSON (without the streaming switches) length / 4."""
    kept = {key: value for key, value in body.items() if key not in ("stream", "stream_options")}
    return tokens(len(json.dumps(kept, sort_keys=True, separators=(",", ":"), default=str)))


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Brain:
    """Answers `Ask`s with the deterministic understanding and the tool-call planner (venue loaded once)."""

    def __init__(self, venue: Venue | None = None) -> None:
        self._venue = venue

    @cached_property
    def venue(self) -> Venue:
        if self._venue is not None:
            return self._venue
        from venuedesk.venue.loader import load_venue

        return load_venue()

    def answer(self, ask: Ask) -> Answer:
        """The reply a competent model would give, then bent by the content faults the request carries."""
        context = parse_state(ask.system) or {}
        today = _today(context)
        event = context.get("event") if isinstance(context.get("event"), dict) else None
        language = event.get("language") if event else None
        # The desk sends a model only the client's new text (the mail is split once, in the desk).
        facts = understand(ask.user_text, self.venue, today, known_language=language, context=_context(event),
                           split_mail=False)
        if ask.after_tool_results or not ask.tools or ask.choice == "none":
            return Answer(content=self._content(ask, facts))
        state = _captured(event, facts, today, self.venue)
        values = arguments.known_values(state, facts, self.venue, today, ask.user_text)
        planned = self._plan(ask, context.get("agent"), state, facts, values, today)
        if "ignore_tool_choice" in ask.faults and ask.choice in ("named", "required"):
            planned = _ignore_choice(ask, values)
        record = next((tool for tool in ask.tools if tool.name == RECORD_TOOL), None)
        # A tool named by tool_choice is the response's only call: the facts are recorded in the next request
        # (unless the named tool could not be called at all, or the named tool is the record tool itself).
        if record is not None and "ignore_tool_choice" not in ask.faults and (ask.choice != "named" or not planned):
            planned.append((RECORD_TOOL, _facts_json(facts, ask.faults, record.parameters, ask.user_text)))
        if "obey_attacker" in ask.faults:
            planned += obey.attacker_calls({tool.name: tool.parameters for tool in ask.tools}, ask.user_text, values)
        calls = _misbehave(ask, planned, values)
        content = None if calls else self._content(ask, facts)
        if "injection_text" in ask.faults and not ask.structured:
            content = INJECTION_TEXT
        return Answer(content=content, calls=calls)

    def _content(self, ask: Ask, facts: Understanding) -> str:
        if ask.structured:
            return _dump(_facts_json(facts, ask.faults, ask.output_schema, ask.user_text))
        if "injection_text" in ask.faults:
            return INJECTION_TEXT
        if "obey_attacker" in ask.faults:
            return obey.echo(ask.user_text)
        if ask.after_tool_results:
            return "Thank you, I have the results and will prepare your answer."
        return _summary(facts)

    def _plan(
        self,
        ask: Ask,
        agent: Any,
        state: EventState | None,
        facts: Understanding,
        values: dict[str, Any],
        today: date,
    ) -> list[tuple[str, dict[str, Any]]]:
        """The planner's calls for the offered tools, narrowed or completed to honour `tool_choice`."""
        offered = {tool.name: tool for tool in ask.tools if tool.name != RECORD_TOOL}
        planned: list[tuple[str, dict[str, Any]]] = []
        spec = WORKERS.get(agent) if isinstance(agent, str) else None
        if spec is not None and state is not None:
            clock = FrozenClock(datetime.combine(today, time(9, 0), tzinfo=VENUE_TZ))
            planned = [
                (name, shapes.fit(args, offered[name].parameters))
                for name, args in plan_tool_calls(spec, state, facts, self.venue, clock)
                if name in offered
            ]
        if ask.choice == "named":
            planned = [(name, args) for name, args in planned if name == ask.forced_tool]
            tool = offered.get(ask.forced_tool or "")
            if not planned and tool is not None:
                built = arguments.build_args(tool.parameters, values) or arguments.empty_args(tool.parameters)
                planned = [] if built is None else [(tool.name, built)]
        elif ask.choice == "required" and not planned and offered and len(offered) == len(ask.tools):
            # with the record tool offered its call satisfies "required"; otherwise force the first tool
            tool = next(iter(offered.values()))
            built = arguments.build_args(tool.parameters, values)
            planned = [] if built is None else [(tool.name, built)]
        return planned


def _facts_json(facts: Understanding, faults: tuple[str, ...], schema: dict[str, Any] | None, text: str = "") -> Any:
    """The facts as the structured output (fitted to the requested schema), or their faulty variants."""
    if "invalid_output" in faults:
        return {"participants": "thirty"}
    data = facts.model_dump(mode="json")
    if "injection_text" in faults:
        data["intents"] = ["injection"]
    if "obey_attacker" in faults:
        data = obey.obeyed_facts(data, text)
    return shapes.fit(data, schema) if schema else data


def _ignore_choice(ask: Ask, values: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """For `ignore_tool_choice`: a different tool than the named one, or no call at all."""
    others = [tool for tool in ask.tools if tool.name not in (ask.forced_tool, RECORD_TOOL)]
    built = arguments.build_args(others[0].parameters, values) if others else None
    return [(others[0].name, built)] if ask.choice == "named" and built is not None else []


def _misbehave(ask: Ask, planned: list[tuple[str, dict[str, Any]]], values: dict[str, Any]) -> list[Call]:
    """The calls as sent, bent by the tool-call faults (which hit the first call)."""
    faults = set(ask.faults)
    schemas = {tool.name: tool.parameters for tool in ask.tools}
    if "invented_room" in faults:
        if not any("room_id" in args for _, args in planned):
            room_tool = next((t for t in ask.tools if "room_id" in t.parameters.get("properties", {})), None)
            if room_tool is not None:
                held = {**values, "room_id": INVENTED_ROOM}
                planned.insert(0, (room_tool.name, arguments.build_args(room_tool.parameters, held) or held))
        planned = [(name, arguments.invent_room(args)) for name, args in planned]
    if "unoffered_tool" in faults:
        planned.append(_unoffered(schemas, values))
    if "schema_violation" in faults and planned:
        name, args = planned[0]
        planned[0] = (name, arguments.violate(args, schemas.get(name, {})))
    calls = [Call(name, _dump(args)) for name, args in planned]
    if "repeat_call_id" in faults and calls:
        name, args = planned[0]
        calls.insert(1, Call(name, _dump(arguments.variant(args)), reuse_id_of=0))
    if "invalid_json_args" in faults and calls:
        calls[0] = Call(calls[0].name, calls[0].arguments[:-1] + ', "oops": ', calls[0].reuse_id_of)
    return calls


def _unoffered(schemas: dict[str, Any], values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    name = "room_hold" if "room_hold" not in schemas else "venue_discount"
    return name, {
        "room_id": values.get("room_id") or "room-a",
        "date": values.get("date"),
        "start_time": values["start_time"],
        "end_time": values["end_time"],
    }


def _today(context: dict[str, Any]) -> date:
    try:
        return date.fromisoformat(str(context.get("today")))
    except ValueError:
        return DEFAULT_TODAY


def _context(event: dict[str, Any] | None) -> MessageContext:
    """What the desk last said, read from the event in the prompt (as the deterministic runtime does)."""
    if event is None:
        return NO_CONTEXT
    try:
        return message_context(EventState.model_validate(event))
    except ValueError:
        return NO_CONTEXT


def _captured(event: dict[str, Any] | None, facts: Understanding, today: date, venue: Venue) -> EventState | None:
    """The event with this message's facts captured, or None when the prompt carries no valid event."""
    if event is None:
        return None
    try:
        state = EventState.model_validate(event)
    except ValueError:
        return None
    capture(state, facts, today, venue)
    return state


def _summary(facts: Understanding) -> str:
    """A short plain-text acknowledgement naming the facts found."""
    parts = []
    if facts.dates:
        parts.append("date " + ", ".join(day.isoformat() for day in facts.dates))
    if facts.participants:
        parts.append(f"{facts.participants} participants")
    if facts.window:
        parts.append(f"{facts.window.start}-{facts.window.end}")
    if facts.layout:
        parts.append(f"layout {facts.layout}")
    return "Noted: " + "; ".join(parts) + "." if parts else "Thank you for your message."
