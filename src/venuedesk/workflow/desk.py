"""The Desk: every transport calls it; it stores each inbound item once, runs the turn, and returns a Reply."""

from __future__ import annotations

import logging
import random
import secrets
import threading
from contextvars import ContextVar
from decimal import Decimal
from dataclasses import dataclass
from typing import Any

from opentelemetry.trace import TracerProvider
from sqlalchemy import Engine

from venuedesk.calendars.ports import NO_CALENDARS, CalendarReader
from venuedesk import faults
from venuedesk.clock import Clock
from venuedesk.domain.amendment import AmendmentRequest
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
from venuedesk.domain.text_input import text_problem
from venuedesk.observability.tracing import tracer
from venuedesk.providers.base import AgentRuntime
from venuedesk.providers.settings import ProviderSettings
from venuedesk.store.catalogue import load_venue_from_db
from venuedesk.store.repositories.catalogue import CatalogueRepository
from venuedesk.store.repositories.inbox import InboxKind
from venuedesk.store.uow import UnitOfWork, make_session_factory
from venuedesk.store.tenancy import DEFAULT_VENUE
from venuedesk.store.token_hash import token_digest
from venuedesk.tools.executor import RetryPolicy, ToolExecutor
from venuedesk.tools.registry import booking_tools
from venuedesk.understanding.mail_text import ReplyParts, split_reply
from venuedesk.understanding.model import Understanding
from venuedesk.workflow import amendment, autonomy, held_replies, lost, manager, payments, second_options
from venuedesk.workflow.actions import action_facts, parse_action
from venuedesk.workflow.agent_runner import AgentRunner
from venuedesk.workflow.audit import record_action
from venuedesk.workflow.desk_views import DeskViews
from venuedesk.workflow.refused_files import refused_notes
from venuedesk.workflow.engine import next_key_for, run_client_turn
from venuedesk.workflow.errors import InputError, UnknownThread
from venuedesk.workflow.finish import reply_from_turn
from venuedesk.workflow.freshness import expire, staleness
from venuedesk.workflow.function_sheets import record_sheet
from venuedesk.workflow.keys import check_key, client_key, reused_key, same_request
from venuedesk.workflow.prefetch import prefetch_availability
from venuedesk.workflow.recovery import fail_turn
from venuedesk.workflow.reply import Reply
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.shown import record_shown, shown_lists
from venuedesk.workflow.stale import refuse_stale
from venuedesk.workflow.turn import ToolFailed, Turn

MAX_MESSAGE_CHARS = 8000
log = logging.getLogger(__name__)
# (thread id, conversation language) after the last turn run in this context: the HTTP API names the language
# in `Content-Language` without reading the event again in a second transaction.
TURN_LANGUAGE: ContextVar[tuple[str, str] | None] = ContextVar("turn_language", default=None)


@dataclass(frozen=True)
class ThreadInfo:
    thread_id: str
    client_token: str


class Desk(DeskViews):
    """One venue's booking desk over one database; safe to share across threads (each call is its own unit of
    work)."""

    def __init__(
        self, engine: Engine, clock: Clock, *, runtime: AgentRuntime | None = None, id_seed: int | None = None,
        executor: ToolExecutor | None = None, tracer_provider: TracerProvider | None = None,
        provider_settings: ProviderSettings | None = None, runtime_options: dict[str, Any] | None = None,
        calendars: CalendarReader | None = None, venue_id: str = DEFAULT_VENUE,
    ) -> None:
        self.engine = engine
        self.calendars = calendars or NO_CALENDARS
        self.clock = clock
        self.venue_id = venue_id
        """The venue this desk serves: every unit of work it opens sees only this venue's rows (docs/tenancy.md)."""
        self._sessions = make_session_factory(engine, venue_id)
        self._venue_lock = threading.Lock()
        with self._sessions() as session:
            self.venue = load_venue_from_db(session)
            self.catalogue_version = CatalogueRepository(session).version()
        self._tracer = tracer(tracer_provider)
        self._tracer_provider = tracer_provider
        self._agent_options = (provider_settings or ProviderSettings(), runtime, runtime_options)
        self.agents = self._agents_for(self.venue)
        self.executor = executor or ToolExecutor(booking_tools(), retry=RetryPolicy(), clock=clock.now,
                                                 tracer=tracer(tracer_provider, "venuedesk.tools"))
        self._rng = random.Random(id_seed) if id_seed is not None else None

    def sibling(self, venue_id: str) -> Desk:
        """A desk of another venue of this install, on the same engine, clock, model runtime and executor."""
        settings, runtime, options = self._agent_options
        return Desk(self.engine, self.clock, runtime=runtime, executor=self.executor,
                    tracer_provider=self._tracer_provider,
                    provider_settings=settings, runtime_options=options, venue_id=venue_id)

    def _agents_for(self, venue: Venue) -> AgentRunner:
        settings, runtime, options = self._agent_options
        return AgentRunner(venue, self.clock, settings, self._tracer, runtime=runtime, runtime_options=options)

    def use_venue(self, venue: Venue, version: str | None) -> None:
        """Serve `venue` (catalogue `version`, newer than this desk's) from now on, e.g. after `venuedesk db seed`
        ran while this process was up: its agents are built first, then venue, agents and version are swapped
        under one lock, so a new turn sees one revision whole (a turn already running keeps the one it began with)."""
        agents = self._agents_for(venue)
        with self._venue_lock:
            self.venue, self.agents, self.catalogue_version = venue, agents, version

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self._sessions, self.clock)

    def reader(self) -> UnitOfWork:
        """A read-only unit of work: on SQLite it reads beside the writer instead of queueing for its lock."""
        return UnitOfWork(self._sessions, self.clock, read_only=True)

    def close(self) -> None:
        """Close the model providers' clients (their connections); the engine belongs to whoever passed it in."""
        self.agents.close()

    def _token(self, prefix: str, size: int = 16) -> str:
        if self._rng is not None:
            return f"{prefix}_{self._rng.getrandbits(size * 4):0{size}x}"
        return f"{prefix}_{secrets.token_hex(size // 2 + 4)}"

    def open_thread(self, *, thread_id: str | None = None, channel: str = "chat",
                    client_ip_hash: str | None = None) -> ThreadInfo:
        """Create a thread and its unguessable client token; `client_ip_hash` (the keyed hash of the address it was
        opened from) counts its holds against the venue's per-address cap (docs/abuse.md)."""
        info = ThreadInfo(thread_id or self._token("thr"), self._token("tok", 32))
        with self.uow() as uow:
            uow.threads.create(info.thread_id, client_token_hash=token_digest(info.client_token),
                               channel=channel, created_at=self.clock.now(), client_ip_hash=client_ip_hash)
            uow.commit()
        return info

    def handle_message(
        self, thread_id: str, text: str, *, sender: str | None = None, idempotency_key: str | None = None,
        refused_files: tuple[tuple[str, str], ...] = (),
    ) -> Reply:
        """A client message: stored once, understood, run through the engine; a redelivery returns the stored reply.
        `refused_files` are the (name, kind of refusal) of files a mail brought that were not kept: the reply names
        them."""
        if not text or not text.strip():
            raise InputError("text: the message is empty; write what you need, e.g. a date and the number of guests",
                             field="text")
        if len(text) > MAX_MESSAGE_CHARS:
            raise InputError(f"text: the message has {len(text)} characters; the limit is {MAX_MESSAGE_CHARS}",
                             field="text")
        _refuse_unstorable(text, "text")
        _refuse_unstorable(sender, "from")
        payload: dict[str, Any] = {"text": text, "from": sender}
        if refused_files:
            payload["refused_files"] = [list(item) for item in refused_files]
        return self._client_turn(thread_id, "message", payload, idempotency_key)

    def handle_action(
        self, thread_id: str, name: str, args: dict[str, Any] | None = None, *, idempotency_key: str | None = None
    ) -> Reply:
        """A typed action (button, deep link): validated, then run through the same pipeline as a message."""
        _refuse_unstorable(name, "name")
        _refuse_unstorable(args, "args")
        parsed = parse_action(name, args)
        payload = {"name": name, "args": parsed.model_dump(mode="json")}
        return self._client_turn(thread_id, "action", payload, idempotency_key)

    def decide(
        self, task_id: str, decision: str, *, text: str | None = None, note: str | None = None,
        manager_id: str = "manager", idempotency_key: str | None = None, language: str = "en",
        discount_percent: Decimal | None = None, discount_amount: Decimal | None = None,
    ) -> Reply:
        """A manager's approve / edit / reject on a task, with notices and errors in the manager's `language`;
        a counter task is approved with a discount; deciding twice is a no-op."""
        _refuse_unstorable(text, "text")
        _refuse_unstorable(note, "note")
        deps = manager.DecisionDeps(uow=self.uow, venue=self.venue, clock=self.clock, executor=self.executor,
                                    calendars=self.calendars)
        return manager.decide(deps, task_id, decision, text=text, note=note, manager_id=manager_id,
                              idempotency_key=idempotency_key, language=language,
                              discount_percent=discount_percent, discount_amount=discount_amount)

    def mark_deposit_paid(
        self, thread_id: str, amount: Decimal, *, manager_id: str = "manager", idempotency_key: str | None = None,
        language: str = "en",
    ) -> Reply:
        """A manager received the deposit (docs/design.md §4.13): paid once, the client told, on to step 7."""
        return payments.mark_deposit_paid(self._decision_deps(), thread_id, amount, manager_id=manager_id,
                                          idempotency_key=idempotency_key, language=language)

    def mark_lost(
        self, thread_id: str, reason: str, *, note: str | None = None, manager_id: str = "manager",
        idempotency_key: str | None = None,
    ) -> lost.MarkedLost:
        """A manager ends an open lead or option as Lost with a reason (docs/pipeline.md); a repeat changes nothing."""
        _refuse_unstorable(note, "note")
        return lost.mark_lost(self._decision_deps(), thread_id, reason, note, manager_id=manager_id,
                              idempotency_key=idempotency_key)

    def amend_booking(
        self, event_id: str, request: AmendmentRequest, *, manager_id: str = "manager",
        idempotency_key: str | None = None, resolves_task: str | None = None,
    ) -> amendment.AmendmentOut:
        """A manager amends a Confirmed booking (docs/amendments.md): repriced, a new version, the client told, once."""
        _refuse_unstorable(request.notes, "notes")
        return amendment.amend(self._decision_deps(), event_id, request, manager_id=manager_id,
                               idempotency_key=idempotency_key, resolves_task=resolves_task)

    def payment_webhook(self, body: bytes, signature: str | None, secret: str | None) -> payments.PaymentResult:
        """A payment provider's notification: signature checked over the raw body, recorded once per reference."""
        return payments.handle_webhook(self._decision_deps(), body, signature, secret)

    def _decision_deps(self) -> manager.DecisionDeps:
        return manager.DecisionDeps(uow=self.uow, venue=self.venue, clock=self.clock, executor=self.executor,
                                    calendars=self.calendars)

    def _client_turn(
        self, thread_id: str, kind: InboxKind, payload: dict[str, Any], key: str | None, *,
        inbox_key: str | None = None, may_spawn: bool = True,
    ) -> Reply:
        check_key(key)
        stored_key = client_key(key) if key is not None else inbox_key
        with self._tracer.start_as_current_span("turn") as span, self.uow() as uow:
            span.set_attribute("turn.kind", kind)
            if not uow.lock_thread(thread_id, inbox_key=stored_key):
                raise UnknownThread(f"thread {thread_id!r} does not exist; open a thread first")
            if stored_key is not None:
                replayed = uow.inbox.get(thread_id, stored_key)
                if replayed is not None and key is not None and not same_request(replayed.payload, payload):
                    raise reused_key(key)
                if replayed is not None and replayed.reply is not None:
                    span.set_attribute("turn.replayed", True)
                    return Reply.model_validate(replayed.reply)
            state = uow.events.for_thread(thread_id) or self._new_event(thread_id)
            uow.ledger.adopt_event(thread_id, state.event_id)
            turn_id = f"turn-{state.revision + 1}"
            span.set_attribute("turn.step_before", state.current_step)
            reply, stored, spawned = self._run(uow, state, kind, payload, turn_id, may_spawn)
            span.set_attribute("turn.step_after", reply.footer.step)
            span.set_attribute("turn.agent", reply.agent)
            uow.inbox.put(thread_id, stored_key or f"auto:{turn_id}", kind, payload, self.clock.now(), stored)
            faults.point("turn.after_tools_before_commit", subject=thread_id)
            uow.commit()
        if spawned is not None:
            self._first_turn_of(spawned, thread_id)
        return reply

    def _first_turn_of(self, spawned: tuple[str, str, str | None], origin: str) -> None:
        """The first turn of a thread opened for a separate inquiry, on its words and from the client's address;
        keyed by the origin thread so a redelivered message replays it instead of running it twice (§4.3)."""
        thread_id, text, sender = spawned
        self._client_turn(thread_id, "message", {"text": text, "from": sender}, None,
                          inbox_key=f"inquiry:{origin}", may_spawn=False)

    def _new_event(self, thread_id: str) -> EventState:
        state = EventState(event_id=f"evt_{thread_id.removeprefix('thr_')}", thread_id=thread_id)
        state.refresh_hash()
        return state

    def _run(
        self, uow: UnitOfWork, state: EventState, kind: str, payload: dict[str, Any], turn_id: str,
        may_spawn: bool = True,
    ) -> tuple[Reply, dict[str, Any], tuple[str, str, str | None] | None]:
        now = self.clock.now()
        step_before, shown_before = state.current_step, shown_lists(state)
        text = payload.get("text") or f"[{payload.get('name')}]"
        # Only the client's new text is understood and shown to a model; quoted history and the signature are
        # stored with the message for the manager (docs/understanding.md "Preprocessing").
        parts = split_reply(text) if kind == "message" else ReplyParts(body=text)
        facts = Understanding(language=state.language)
        turn = Turn(uow=uow, venue=self.venue, now=now, state=state, facts=facts, executor=self.executor,
                    turn_id=turn_id, may_spawn=may_spawn, calendars=self.calendars)
        stale = staleness(state, payload["name"], payload["args"]) if kind == "action" else None
        if kind == "action":
            record_action(state, payload, now, stale.key if stale else None)
        if stale is not None:
            refuse_stale(turn, stale)
        else:
            if kind == "action":
                turn.facts = action_facts(payload["name"], parse_action(payload["name"], payload["args"]),
                                          self.venue, state.language)
                if payload["name"] == "select_site_visit":
                    turn.visit_slot = str(payload["args"]["slot"])
            turn = self._run_engine(uow, turn, kind, payload, parts.body)
        turn.notes[:0] = refused_notes(payload.get("refused_files"), turn.language)
        expire(turn.state)
        turn.state.revision += 1
        turn.next_key = turn.next_key or next_key_for(turn)
        record_shown(turn, step_before)
        uow.messages.append(state.thread_id, "client", text, turn_id, now, stripped=parts.stripped)
        held = held_replies.hold(turn, reply_from_turn(turn), turn.next_key, shown_before)
        reply = send_to_client(turn, held, "auto", actor="desk", kind=turn.sent_kind)
        uow.events.save(turn.state, now)
        record_sheet(uow, turn.venue, turn.state, now)
        TURN_LANGUAGE.set((turn.state.thread_id, turn.state.language))
        sender = payload.get("from") or turn.state.client_email
        spawned = (turn.spawned_thread, turn.spawned_text, sender) if turn.spawned_thread and turn.spawned_text \
            else None
        return reply, reply.model_dump(mode="json"), spawned

    def _run_engine(self, uow: UnitOfWork, turn: Turn, kind: str, payload: dict[str, Any], text: str) -> Turn:
        """Understand a message and run the engine in a savepoint; any failure rolls the turn back but keeps the
        client's message and its facts, and tells the team (`fail_turn`)."""
        state = turn.state
        savepoint = uow.session.begin_nested()
        try:
            if kind != "action":
                self._understand(turn, text, payload.get("from"))
            if kind == "action" and payload["name"] == second_options.ACTION:
                second_options.take(turn, str(payload["args"]["room_id"]))
            else:
                run_client_turn(turn, text)
            savepoint.commit()
            return turn
        except Exception as failure:  # any failure in the turn: keep the message and its facts, tell the team
            if not isinstance(failure, ToolFailed):
                log.exception("turn %s on thread %s failed", turn.turn_id, state.thread_id)
            savepoint.rollback()
            sender = payload.get("from")
            if kind != "action" and sender and not turn.facts.email:
                turn.facts = turn.facts.model_copy(update={"email": str(sender).strip().lower()})
            spent = (state.model_calls, state.model_tokens)
            state = uow.events.for_thread(state.thread_id) or self._new_event(state.thread_id)
            state.model_calls, state.model_tokens = spent
            if kind == "action":
                record_action(state, payload, turn.now)
            return fail_turn(turn, state, failure)

    def _understand(self, turn: Turn, text: str, sender: str | None) -> None:
        """Run the worker agent on its provider; its validated facts and tool calls drive the engine."""
        state = turn.state
        run = self.agents.understand(turn, text)
        facts = run.output
        assert isinstance(facts, Understanding)
        if sender and not facts.email and not state.client_email:
            facts = facts.model_copy(update={"email": sender.strip().lower()})
        state.language = facts.language
        turn.facts = facts
        turn.proposals = list(run.tool_calls)
        prefetch_availability(turn)
        turn.usage = run.usage
        state.model_calls += run.usage.model_calls
        state.model_tokens += run.usage.input_tokens + run.usage.output_tokens

    def autonomy(self) -> dict[str, str]:
        """The effective autonomy per message kind (the manager's settings over the venue's defaults)."""
        with self.reader() as uow:
            return autonomy.effective(uow, self.venue)

    def set_autonomy(self, changes: dict[str, Any], *, manager_id: str = "manager") -> dict[str, str]:
        """Change some or all kinds (validated; `AutonomyError` names the choices), audited; the effective map."""
        with self.uow() as uow:
            result = autonomy.change(uow, self.venue, changes, manager_id=manager_id, now=self.clock.now())
            uow.commit()
            return result


def _refuse_unstorable(value: object, field: str) -> None:
    """InputError naming `field` when the value holds a NUL or a lone surrogate: refused before anything is stored."""
    problem = text_problem(value)
    if problem is not None:
        raise InputError(f"{field}: {problem}", field=field)
