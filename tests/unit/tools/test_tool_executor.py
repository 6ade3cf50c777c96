"""The executor: refusal, validation, exactly-once by call id and business key, retries, savepoints, spans."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from venuedesk.store.db import make_engine, upgrade
from venuedesk.store.models import OutboxRow, ToolCallRow
from venuedesk.store.repositories import LedgerRepository, OutboxRepository
from venuedesk.tools.definition import ToolCall, ToolDefinition
from venuedesk.tools.errors import (
    ToolArgumentsInvalid,
    ToolCallConflict,
    ToolFailure,
    ToolNotAllowed,
    ToolPermissionError,
    ToolResultInvalid,
    TransientToolError,
    UnknownTool,
)
from venuedesk.tools.executor import RetryPolicy, ToolExecutor

SECRET = "anna@example.com"
NOW = datetime(2026, 2, 2, 8, 0, tzinfo=UTC)


class NoteArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    room: str = "room-a"
    count: int = 1


class NoteResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    saved: str
    count: int


class Item(BaseModel):
    product_id: str
    quantity: int = 1


class BatchArgs(BaseModel):
    items: list[Item]


@dataclass
class Ctx:
    session: Session
    calls: list[str] = field(default_factory=list)
    failures_left: int = 0


def _write(ctx: Ctx, args: NoteArgs) -> None:
    ctx.calls.append(args.text)
    OutboxRepository(ctx.session).add("t1", {"text": args.text}, "chat", NOW)


def note(ctx: Ctx, args: NoteArgs) -> NoteResult:
    _write(ctx, args)
    if ctx.failures_left > 0:
        ctx.failures_left -= 1
        raise TransientToolError("database busy")
    return NoteResult(saved=args.text, count=args.count)


def broken(ctx: Ctx, args: NoteArgs) -> NoteResult:
    _write(ctx, args)
    raise ValueError(f"bug while handling {args.text}")


def bad_result(ctx: Ctx, args: NoteArgs) -> NoteResult:
    _write(ctx, args)
    return {"saved": args.text, "count": "many"}  # type: ignore[return-value]


def forbidden(ctx: Ctx, args: NoteArgs) -> NoteResult:
    raise ToolPermissionError("only a manager may do this")


def _tool(name: str, handler: object, keyed: bool = False) -> ToolDefinition[NoteArgs, NoteResult]:
    return ToolDefinition(
        name=name,
        description=name,
        args_model=NoteArgs,
        result_model=NoteResult,
        handler=handler,  # type: ignore[arg-type]
        idempotency_key=(lambda ctx, args: f"note:{args.room}:{args.text}") if keyed else None,
        side_effect=True,
    )


def batch(ctx: Ctx, args: BatchArgs) -> NoteResult:
    ctx.calls.append("batch")
    return NoteResult(saved=",".join(item.product_id for item in args.items), count=len(args.items))


REGISTRY = {
    "batch": ToolDefinition(
        name="batch", description="batch", args_model=BatchArgs, result_model=NoteResult, handler=batch
    ),
    "note": _tool("note", note),
    "note_keyed": _tool("note_keyed", note, keyed=True),
    "broken": _tool("broken", broken),
    "bad_result": _tool("bad_result", bad_result),
    "forbidden": _tool("forbidden", forbidden),
}
ALL = frozenset(REGISTRY)


@pytest.fixture
def session() -> Iterator[Session]:
    engine = make_engine("sqlite://")
    upgrade(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def ctx(session: Session) -> Ctx:
    return Ctx(session=session)


@pytest.fixture
def ledger(session: Session) -> LedgerRepository:
    return LedgerRepository(session)


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@dataclass
class FakeSleep:
    delays: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
def executor(exporter: InMemorySpanExporter, sleeps: FakeSleep) -> ToolExecutor:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    retry = RetryPolicy(max_attempts=3, base_delay=0.05, max_delay=1.0, sleep=sleeps, rng=random.Random(7))
    return ToolExecutor(
        REGISTRY, retry=retry, tracer=provider.get_tracer("venuedesk.tools"), clock=lambda: NOW
    )


def _outbox_rows(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)


def _ledger_rows(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ToolCallRow)) or 0)


def test_an_unknown_tool_is_refused_without_running(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository
) -> None:
    outcome = executor.execute(ctx, ToolCall("c1", "launch", {"text": "x"}), ALL, ledger, "t1")
    assert not outcome.ok and isinstance(outcome.error, UnknownTool)
    assert ctx.calls == [] and outcome.attempts == 0


def test_a_tool_outside_the_allowed_set_is_refused(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository
) -> None:
    outcome = executor.execute(
        ctx, ToolCall("c1", "note", {"text": "x"}), frozenset({"broken"}), ledger, "t1"
    )
    assert isinstance(outcome.error, ToolNotAllowed)
    assert ctx.calls == [] and _ledger_rows(ctx.session) == 0


def test_invalid_json_arguments_are_refused(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository
) -> None:
    outcome = executor.execute(ctx, ToolCall("c1", "note", '{"text": "x",'), ALL, ledger, "t1")
    assert isinstance(outcome.error, ToolArgumentsInvalid)
    assert "not valid JSON" in str(outcome.error) and ctx.calls == []


def test_json_text_arguments_are_accepted(executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository) -> None:
    outcome = executor.execute(
        ctx, ToolCall("c1", "note", '{"text": "x", "room": null, "count": 2}'), ALL, ledger, "t1"
    )
    assert outcome.ok and outcome.result == NoteResult(saved="x", count=2)


@pytest.mark.parametrize(
    ("arguments", "field_name", "problem"),
    [
        ({"count": 2}, "text", "Field required"),
        ({"text": "x", "count": "lots"}, "count", "valid integer"),
        ({"text": "x", "colour": "red"}, "colour", "unexpected field"),
    ],
)
def test_arguments_violating_the_schema_name_the_field(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository, arguments: dict, field_name: str, problem: str
) -> None:
    outcome = executor.execute(ctx, ToolCall("c1", "note", arguments), ALL, ledger, "t1")
    error = outcome.error
    assert isinstance(error, ToolArgumentsInvalid)
    assert error.field == field_name and str(error).startswith(f"{field_name}: ") and problem in str(error)
    assert ctx.calls == []


def test_unexpected_keys_are_refused_at_any_depth(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository
) -> None:
    arguments = {"items": [{"product_id": "p"}, {"product_id": "q", "colour": "red"}]}
    outcome = executor.execute(ctx, ToolCall("c1", "batch", arguments), ALL, ledger, "t1")
    assert isinstance(outcome.error, ToolArgumentsInvalid) and outcome.error.field == "items.1.colour"
    assert ctx.calls == []


def test_the_same_call_id_with_the_same_arguments_runs_once(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository
) -> None:
    first = executor.execute(ctx, ToolCall("c1", "note", {"text": "x"}), ALL, ledger, "t1")
    again = executor.execute(
        ctx, ToolCall("c1", "note", '{"text": "x", "room": "room-a"}'), ALL, ledger, "t1"
    )
    assert ctx.calls == ["x"]
    assert (first.replayed, again.replayed) == (False, True)
    assert again.ok and again.result == first.result
    other_thread = executor.execute(ctx, ToolCall("c1", "note", {"text": "x"}), ALL, ledger, "t2")
    assert not other_thread.replayed and ctx.calls == ["x", "x"]


def test_the_same_call_id_with_other_arguments_is_a_conflict(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository
) -> None:
    executor.execute(ctx, ToolCall("c1", "note", {"text": "x"}), ALL, ledger, "t1")
    outcome = executor.execute(ctx, ToolCall("c1", "note", {"text": "y"}), ALL, ledger, "t1")
    assert isinstance(outcome.error, ToolCallConflict)
    assert ctx.calls == ["x"]


def test_the_same_business_key_under_a_new_call_id_runs_once(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository
) -> None:
    first = executor.execute(ctx, ToolCall("c1", "note_keyed", {"text": "x"}), ALL, ledger, "t1")
    second = executor.execute(ctx, ToolCall("c2", "note_keyed", {"text": "x"}), ALL, ledger, "t1")
    third = executor.execute(ctx, ToolCall("c2", "note_keyed", {"text": "x"}), ALL, ledger, "t1")
    assert ctx.calls == ["x"]
    assert second.replayed and third.replayed and second.result == first.result
    assert ledger.lookup("t1", "c2", None)[0] is not None


def test_a_transient_error_is_retried_with_jittered_backoff(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository, sleeps: FakeSleep
) -> None:
    ctx.failures_left = 1
    outcome = executor.execute(ctx, ToolCall("c1", "note", {"text": "x"}), ALL, ledger, "t1")
    assert outcome.ok and outcome.attempts == 2
    assert len(sleeps.delays) == 1 and 0.0 <= sleeps.delays[0] <= 0.05
    assert _outbox_rows(ctx.session) == 1
    row = ledger.lookup("t1", "c1", None)[0]
    assert row is not None and row.attempts == 2 and row.status == "ok"


def test_backoff_grows_exponentially_and_stays_under_the_cap() -> None:
    policy = RetryPolicy(base_delay=0.05, max_delay=1.0, rng=random.Random(1))
    assert [policy.cap(n) for n in (1, 2, 3, 6, 10)] == [0.05, 0.1, 0.2, 1.0, 1.0]
    for attempt in range(1, 12):
        assert 0.0 <= policy.delay(attempt) <= policy.cap(attempt)


def test_a_transient_error_that_persists_fails_after_the_last_attempt_and_leaves_no_rows(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository, sleeps: FakeSleep
) -> None:
    ctx.failures_left = 99
    outcome = executor.execute(ctx, ToolCall("c1", "note", {"text": "x"}), ALL, ledger, "t1")
    assert isinstance(outcome.error, ToolFailure) and outcome.attempts == 3
    assert len(sleeps.delays) == 2
    assert ctx.calls == ["x", "x", "x"]
    assert _outbox_rows(ctx.session) == 0
    row = ledger.lookup("t1", "c1", None)[0]
    assert row is not None and row.status == "error" and row.idem_key is None


def test_an_unexpected_exception_becomes_a_failure_rolled_back_to_the_savepoint(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository, sleeps: FakeSleep
) -> None:
    executor.execute(ctx, ToolCall("c0", "note", {"text": "kept"}), ALL, ledger, "t1")
    outcome = executor.execute(ctx, ToolCall("c1", "broken", {"text": SECRET}), ALL, ledger, "t1")
    assert isinstance(outcome.error, ToolFailure) and outcome.attempts == 1 and sleeps.delays == []
    assert SECRET not in str(outcome.error) and outcome.error.cause == "ValueError"
    assert _outbox_rows(ctx.session) == 1
    replay = executor.execute(ctx, ToolCall("c1", "broken", {"text": SECRET}), ALL, ledger, "t1")
    assert replay.replayed and isinstance(replay.error, ToolFailure)


def test_a_result_that_violates_the_result_model_is_an_error_and_rolled_back(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository
) -> None:
    outcome = executor.execute(ctx, ToolCall("c1", "bad_result", {"text": "x"}), ALL, ledger, "t1")
    assert isinstance(outcome.error, ToolResultInvalid) and outcome.error.field == "count"
    assert _outbox_rows(ctx.session) == 0


def test_a_permission_error_is_not_retried(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository
) -> None:
    outcome = executor.execute(ctx, ToolCall("c1", "forbidden", {"text": "x"}), ALL, ledger, "t1")
    assert isinstance(outcome.error, ToolPermissionError) and outcome.attempts == 1


def test_every_call_records_one_span_without_argument_values(
    executor: ToolExecutor, ctx: Ctx, ledger: LedgerRepository, exporter: InMemorySpanExporter
) -> None:
    executor.execute(ctx, ToolCall("c1", "note", {"text": SECRET}), ALL, ledger, "t1")
    executor.execute(ctx, ToolCall("c1", "note", {"text": SECRET}), ALL, ledger, "t1")
    executor.execute(ctx, ToolCall("c2", "launch", {"text": SECRET}), ALL, ledger, "t1")
    executor.execute(ctx, ToolCall("c3", "note", {"text": SECRET, "count": "x"}), ALL, ledger, "t1")
    spans = exporter.get_finished_spans()
    assert [span.name for span in spans] == ["tool note", "tool note", "tool launch", "tool note"]
    first, replay, unknown, invalid = (dict(span.attributes or {}) for span in spans)
    assert first["tool.name"] == "note" and first["tool.call_id"] == "c1"
    assert (first["tool.outcome"], first["tool.attempts"], first["tool.replayed"]) == ("ok", 1, False)
    assert isinstance(first["tool.duration_ms"], float)
    assert (replay["tool.replayed"], replay["tool.attempts"]) == (True, 0)
    assert unknown["tool.outcome"] == "unknown_tool"
    assert invalid["tool.outcome"] == "invalid_arguments"
    for span in spans:
        values = " ".join(str(value) for value in (span.attributes or {}).values())
        assert SECRET not in values and SECRET not in (span.status.description or "")
