"""One turn's working set: the event, the understood facts, tool calls, and the reply being built."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from venuedesk.calendars.ports import NO_CALENDARS, CalendarReader
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
from venuedesk.providers.base import ProposedToolCall, Usage
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.definition import ToolCall
from venuedesk.tools.errors import ToolError
from venuedesk.understanding.model import Understanding
from venuedesk.workflow import texts
from venuedesk.workflow.reply import Action, HilRef, TableBlock

if TYPE_CHECKING:
    from venuedesk.store.uow import UnitOfWork
    from venuedesk.tools.executor import ToolExecutor


class ToolFailed(Exception):
    """A tool the engine needed failed for good; the turn ends with a `tool_failure` task."""

    def __init__(self, name: str, error: ToolError) -> None:
        super().__init__(f"{name}: {error}")
        self.name = name
        self.error = error


@dataclass
class Turn:
    """Mutable per-turn state; steps read facts, call tools through it, and append to the reply."""

    uow: UnitOfWork
    venue: Venue
    now: datetime
    state: EventState
    facts: Understanding
    executor: ToolExecutor
    turn_id: str
    actor: str = "client"
    proposals: list[ProposedToolCall] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    next_key: str | None = None
    agent: str | None = None
    hil: HilRef | None = None
    calls_made: int = 0
    used_proposals: set[str] = field(default_factory=set)
    usage: Usage = field(default_factory=Usage)
    visit_slot: str | None = None  # the slot of a `select_site_visit` action
    drafted_by: dict[str, str] | None = None  # {provider, model} when a model understood this message
    sent_kind: str | None = None  # the autonomy kind of the reply when it carries one (e.g. an auto-sent offer)
    may_spawn: bool = True  # False on the first turn of a thread opened for a separate inquiry: it opens no other
    spawned_thread: str | None = None  # the thread opened for a separate inquiry in this message (§4.3)
    spawned_text: str | None = None  # the words of that inquiry: the new thread's first message
    asked: list[str] = field(default_factory=list)  # what the reply asks beyond its next key (MessageContext.asked)
    confirming: list[str] = field(default_factory=list)  # the unsure values the reply asks the client to confirm
    withheld: dict[str, dict[str, Any]] = field(default_factory=dict)  # those facts' values, kept once asked
    holding: bool = False  # the reply only says the team will answer: sent at once even under `general: review`
    tasks_opened: int = 0  # manager tasks this turn opened (`hil_create` calls that ran)
    calendars: CalendarReader = NO_CALENDARS  # the venue's external calendars, read by the availability tools

    @property
    def language(self) -> str:
        return self.state.language

    def say(self, key: str, **values: object) -> None:
        """Append a phrase to the reply body."""
        self.body.append(texts.say(key, self.language, **values))

    def call(self, name: str, args: BaseModel) -> Any:
        """Run a tool through the executor; reuse the model's matching proposal (its call id) when there is one."""
        payload = args.model_dump(mode="json")
        call_id = self._matching_proposal(name, payload)
        if call_id is None:
            self.calls_made += 1
            call_id = f"eng_{self.turn_id}_{self.calls_made}"
        return self.call_as(call_id, name, payload)

    def call_as(self, call_id: str, name: str, payload: dict[str, Any] | str) -> Any:
        """Run one tool call under a given call id (the ledger replays a repeated id with the same args)."""
        ctx = BookingToolContext(uow=self.uow, venue=self.venue, now=self.now, state=self.state,
                                 thread_id=self.state.thread_id, actor=self.actor, drafted_by=self.drafted_by,
                                 calendars=self.calendars)
        outcome = self.executor.execute(
            ctx, ToolCall(id=call_id, name=name, arguments=payload), frozenset({name}),
            self.uow.ledger, self.state.thread_id,
        )
        if not outcome.ok:
            assert outcome.error is not None, f"{name}: a failed outcome carries its error"
            raise ToolFailed(name, outcome.error)
        if name == "hil_create" and not outcome.replayed:
            self.tasks_opened += 1
        definition = self.executor.registry.get(name)
        if definition is not None and definition.side_effect and not outcome.replayed:
            self.state.record("tool", at=self.now, actor=self.actor, reason=_effect_summary(name, payload, outcome.result),
                              detail={"tool": name, "call_id": call_id})
        return outcome.result

    def _matching_proposal(self, name: str, payload: dict[str, Any]) -> str | None:
        canonical = json.dumps(payload, sort_keys=True, default=str)
        for proposal in self.proposals:
            if proposal.name != name or proposal.id in self.used_proposals:
                continue
            args = proposal.args
            if isinstance(args, str):
                try:
                    args = json.loads(args)
                except ValueError:
                    continue
            if json.dumps(args, sort_keys=True, default=str) == canonical:
                self.used_proposals.add(proposal.id)
                return proposal.id
        return None

    def move_to(self, step: int, reason: str) -> None:
        self.state.move_to(step, at=self.now, actor=self.actor, reason=reason)

    def leave_step(self, natural_next: int, reason: str) -> None:
        """Leave the current step: back to the caller after a detour, else to the natural next step."""
        state = self.state
        target = natural_next
        if state.caller_step and state.caller_step > state.current_step:
            target = state.caller_step
            needs_room_check = state.locked_room_id and state.room_eval_hash != state.requirements_hash
            if target > 3 and state.current_step < 3 and needs_room_check:
                target = 3
            else:
                state.caller_step = None
        self.move_to(target, reason)


def _effect_summary(name: str, payload: dict[str, Any] | str, result: Any) -> str:
    """A one-line description of a tool's side effect for the audit trail (ids and statuses, no PII)."""
    data = dict(payload) if isinstance(payload, dict) else {}
    data.update(result.model_dump(mode="json") if isinstance(result, BaseModel) else {})
    keys = ("task_id", "type", "room_id", "date", "start_time", "end_time", "status", "released", "expires_at")
    facts = ", ".join(f"{key}={data[key]}" for key in keys if data.get(key) not in (None, ""))
    return f"{name}: {facts}" if facts else name
