"""The one tool executor: validate → ledger (call id, business key) → run in a savepoint, retrying → record.

Every call gets one OpenTelemetry span `tool {name}` with the tool name, call id, outcome, attempts,
duration and whether it was replayed; argument values never go into a span (they may hold PII).
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode, Tracer
from pydantic import BaseModel, ValidationError

from venuedesk.tools.definition import ArgsT, ResultT, ToolCall, ToolDefinition, unexpected_fields
from venuedesk.tools.errors import (
    ToolArgumentsInvalid,
    ToolCallConflict,
    ToolError,
    ToolFailure,
    ToolNotAllowed,
    ToolResultInvalid,
    TransientToolError,
    UnknownTool,
    error_from_dict,
)

TRACER_NAME = "venuedesk.tools"
logger = logging.getLogger(__name__)


class Savepoints(Protocol):
    """Opens a nested transaction (a savepoint) that rolls back on error (a SQLAlchemy `Session`)."""

    def begin_nested(self) -> AbstractContextManager[Any]: ...


class ToolContext(Protocol):
    """What the executor needs from a handler context: the session, for one savepoint per attempt."""

    @property
    def session(self) -> Savepoints: ...


class LedgerRow(Protocol):
    """A recorded call as the ledger returns it."""

    name: str
    args_hash: str
    status: str
    result: dict[str, Any] | None
    attempts: int


class Ledger(Protocol):
    """The idempotency ledger (implemented by `venuedesk.store.repositories.LedgerRepository`)."""

    def lookup(
        self, thread_id: str, tool_call_id: str, idem_key: str | None
    ) -> tuple[LedgerRow | None, LedgerRow | None]:
        """(the row of this call id on this thread, the row of this business key), in one query."""
        ...

    def put(
        self,
        thread_id: str,
        tool_call_id: str,
        name: str,
        args: dict[str, Any],
        args_hash: str,
        idem_key: str | None,
        status: Any,
        result: dict[str, Any] | None,
        attempts: int,
        created_at: datetime,
    ) -> Any: ...


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries of transient errors: exponential backoff with full jitter, injectable sleep and RNG."""

    max_attempts: int = 3
    base_delay: float = 0.05
    max_delay: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    def delay(self, attempt: int) -> float:
        """The pause after failed attempt `attempt` (1-based): uniform in [0, cap(attempt)] (full jitter)."""
        return self.rng.uniform(0.0, self.cap(attempt))

    def cap(self, attempt: int) -> float:
        """The upper bound of the pause after attempt `attempt`."""
        return min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))


@dataclass(frozen=True)
class ToolOutcome:
    """What came of one call: a validated result or an error, and whether it was replayed from the ledger."""

    call_id: str
    name: str
    ok: bool
    result: BaseModel | None
    error: ToolError | None
    replayed: bool = False
    attempts: int = 0


class ToolExecutor:
    """Runs tool calls server-side, exactly once per call id and per business key."""

    def __init__(
        self,
        registry: Mapping[str, ToolDefinition[Any, Any]],
        retry: RetryPolicy | None = None,
        tracer: Tracer | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.registry = registry
        self.retry = retry or RetryPolicy()
        self.tracer = tracer or trace.get_tracer(TRACER_NAME)
        self._now = clock or (lambda: datetime.now(UTC))

    def execute(
        self, ctx: ToolContext, call: ToolCall, allowed: frozenset[str], ledger: Ledger, thread_id: str
    ) -> ToolOutcome:
        """Execute one call (see the module docstring); a ToolError is returned in the outcome, not raised."""
        started = time.perf_counter()
        with self.tracer.start_as_current_span(f"tool {call.name}") as span:
            span.set_attribute("tool.name", call.name)
            span.set_attribute("tool.call_id", call.id)
            outcome = self._execute(ctx, call, allowed, ledger, thread_id)
            span.set_attribute("tool.outcome", "ok" if outcome.error is None else outcome.error.code)
            span.set_attribute("tool.attempts", outcome.attempts)
            span.set_attribute("tool.replayed", outcome.replayed)
            span.set_attribute("tool.duration_ms", round((time.perf_counter() - started) * 1000, 3))
            if outcome.error is not None:
                span.set_status(Status(StatusCode.ERROR, outcome.error.code))
        return outcome

    def _execute(
        self, ctx: ToolContext, call: ToolCall, allowed: frozenset[str], ledger: Ledger, thread_id: str
    ) -> ToolOutcome:
        tool = self.registry.get(call.name)
        if tool is None:
            return _failed(call, UnknownTool(f"there is no tool named {call.name!r}"))
        if call.name not in allowed:
            return _failed(call, ToolNotAllowed(f"tool {call.name!r} is not allowed here"))
        try:
            args = _validate_args(tool, call.arguments)
        except ToolArgumentsInvalid as error:
            return _failed(call, error)
        payload = args.model_dump(mode="json")
        args_hash = _hash(payload)
        key = tool.key_for(ctx, args)
        recorded, earlier = ledger.lookup(thread_id, call.id, key)
        if recorded is not None:
            if recorded.name != tool.name or recorded.args_hash != args_hash:
                return _failed(
                    call, ToolCallConflict(f"call id {call.id!r} was already used with other arguments")
                )
            return self._replay(tool, call, recorded)
        if key is not None:
            if earlier is not None and earlier.status == "ok":
                ledger.put(
                    thread_id,
                    call.id,
                    tool.name,
                    payload,
                    args_hash,
                    None,
                    "ok",
                    earlier.result,
                    0,
                    self._now(),
                )
                return self._replay(tool, call, earlier)
        outcome = self._run(ctx, tool, call, args)
        stored = outcome.result.model_dump(mode="json") if outcome.result is not None else None
        if outcome.error is not None:
            stored = outcome.error.to_dict()
        ledger.put(
            thread_id,
            call.id,
            tool.name,
            payload,
            args_hash,
            key if outcome.ok else None,
            "ok" if outcome.ok else "error",
            stored,
            outcome.attempts,
            self._now(),
        )
        return outcome

    def _run(
        self, ctx: ToolContext, tool: ToolDefinition[Any, Any], call: ToolCall, args: BaseModel
    ) -> ToolOutcome:
        """Run the handler in a savepoint per attempt, retrying transient errors with backoff."""
        attempt = 0
        while True:
            attempt += 1
            try:
                # A tool that writes runs in a savepoint, so a failed attempt leaves nothing behind; a read-only
                # tool has nothing to undo and skips the savepoint's two round trips.
                with ctx.session.begin_nested() if tool.side_effect else nullcontext():
                    result = _validate_result(tool, tool.handler(ctx, args))
                return ToolOutcome(call.id, call.name, True, result, None, False, attempt)
            except TransientToolError as error:
                if attempt >= self.retry.max_attempts:
                    failure = ToolFailure(
                        f"tool {tool.name!r} kept failing after {attempt} attempts", cause=error.message
                    )
                    return ToolOutcome(call.id, call.name, False, None, failure, False, attempt)
                self.retry.sleep(self.retry.delay(attempt))
            except ToolError as error:
                return ToolOutcome(call.id, call.name, False, None, error, False, attempt)
            except Exception as exc:
                logger.exception("tool %s failed (call %s, attempt %d)", tool.name, call.id, attempt)
                failure = ToolFailure(f"tool {tool.name!r} failed", cause=type(exc).__name__)
                return ToolOutcome(call.id, call.name, False, None, failure, False, attempt)

    def _replay(self, tool: ToolDefinition[Any, Any], call: ToolCall, row: LedgerRow) -> ToolOutcome:
        """The stored outcome of an earlier execution; the handler does not run."""
        if row.status == "ok":
            result = tool.result_model.model_validate(row.result or {})
            return ToolOutcome(call.id, call.name, True, result, None, True, 0)
        return ToolOutcome(call.id, call.name, False, None, error_from_dict(row.result or {}), True, 0)


def _failed(call: ToolCall, error: ToolError) -> ToolOutcome:
    return ToolOutcome(call.id, call.name, False, None, error, False, 0)


def _hash(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _validate_args(tool: ToolDefinition[ArgsT, Any], arguments: dict[str, Any] | str) -> ArgsT:
    """Parse JSON text and validate against the args model; extra keys are errors."""
    data: Any = arguments
    if isinstance(arguments, str):
        try:
            data = json.loads(arguments) if arguments.strip() else {}
        except json.JSONDecodeError as exc:
            raise ToolArgumentsInvalid(
                f"arguments are not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})",
                problem="invalid JSON",
            ) from None
    if not isinstance(data, dict):
        raise ToolArgumentsInvalid("arguments must be a JSON object", problem="not an object")
    unknown = unexpected_fields(tool.args_model, data)
    if unknown:
        raise ToolArgumentsInvalid(
            f"{unknown[0]}: unexpected field (not in the tool's schema)",
            field=unknown[0],
            problem="unexpected field",
        )
    try:
        return tool.parse_args(data)
    except ValidationError as exc:
        raise _schema_error(ToolArgumentsInvalid, exc) from None


def _validate_result(tool: ToolDefinition[Any, ResultT], result: Any) -> ResultT:
    """Re-validate the handler's result against the result model (instances are checked too)."""
    data = result.model_dump() if isinstance(result, BaseModel) else result
    try:
        return tool.result_model.model_validate(data)
    except ValidationError as exc:
        raise _schema_error(ToolResultInvalid, exc) from None


def _schema_error(
    kind: type[ToolArgumentsInvalid] | type[ToolResultInvalid], exc: ValidationError
) -> ToolError:
    """A schema error naming the first failing field and what is wrong, without echoing the value."""
    first = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "(root)"
    problem = str(first["msg"])
    more = len(exc.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return kind(f"{where}: {problem}{suffix}", field=where, problem=problem)
