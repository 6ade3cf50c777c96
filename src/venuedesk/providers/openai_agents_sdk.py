"""The OpenAI Agents SDK side of the `openai_agents` provider: one `Runner.run_sync` per request, errors mapped.

Imported only by `openai_agents.OpenAIAgentsRuntime` once the SDK is known to be installed. Offered tools become
`FunctionTool`s with the project's strict schemas; each invocation passes the model's call id to the engine's
`tool_runner` — only when the same response recorded nothing, i.e. when the model needs the results (as the
shared base echoes them); otherwise the engine runs the calls after applying the understanding. The run stops
as soon as `record_understanding` has been called: one request, or two when a gate tool is forced by name.
"""

from __future__ import annotations

import asyncio
import json
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any

import openai
from agents import (
    Agent,
    FunctionTool,
    FunctionToolResult,
    ModelSettings,
    OpenAIResponsesModel,
    RunConfig,
    RunContextWrapper,
    Runner,
    ToolsToFinalOutputResult,
)
from agents.agent_output import AgentOutputSchemaBase
from agents.exceptions import AgentsException, MaxTurnsExceeded, ModelBehaviorError, ModelTimeoutError
from agents.items import ModelResponse, ToolCallItem
from agents.tool_context import ToolContext
from opentelemetry.trace import Tracer
from pydantic import BaseModel

from venuedesk.observability.tracing import model_call_span
from venuedesk.providers.base import ProposedToolCall, ToolRunner, ToolSpec
from venuedesk.providers.errors import PermanentModelError, TransientModelError
from venuedesk.providers.prompting import RECORD_TOOL
from venuedesk.tools.schema import strict_json_schema



@dataclass
class RunRequest:
    """One SDK run: the agent's name and instructions, input items, offered tools, tool_choice, output schema."""

    name: str
    instructions: str
    input: list[dict[str, Any]]
    tools: list[ToolSpec]
    tool_choice: str | None
    output_schema: type[BaseModel]
    tool_runner: ToolRunner | None
    max_turns: int = 2


@dataclass
class RunOutcome:
    """What one run produced: proposed and refused calls, the raw structured output, and its usage."""

    calls: list[ProposedToolCall] = field(default_factory=list)
    refused: list[ProposedToolCall] = field(default_factory=list)
    raw_output: Any = None
    problem: str | None = None
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0


class SchemaOutput(AgentOutputSchemaBase):
    """`output_type` from the project's strict schema; parses JSON, validation stays with the runtime."""

    def __init__(self, schema: type[BaseModel]) -> None:
        self._schema = schema

    def is_plain_text(self) -> bool:
        return False

    def name(self) -> str:
        return self._schema.__name__

    def json_schema(self) -> dict[str, Any]:
        return strict_json_schema(self._schema)

    def is_strict_json_schema(self) -> bool:
        return True

    def validate_json(self, json_str: str) -> Any:
        try:
            return json.loads(json_str)
        except ValueError as exc:
            raise ModelBehaviorError(f"output is not JSON ({exc})") from exc


class RecordingModel(OpenAIResponsesModel):
    """An OpenAIResponsesModel that notes whether its latest response called `record_understanding`, and traces
    each request as a `model.call` span (provider, model, tool_choice, tokens, duration; no content)."""

    recorded = False
    tracer: Tracer | None = None

    async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
        settings = kwargs.get("model_settings", args[2] if len(args) > 2 else None)
        choice = getattr(settings, "tool_choice", None)
        tools = kwargs.get("tools", args[3] if len(args) > 3 else None)
        label = choice if isinstance(choice, str) else ("auto" if tools else "none")
        with model_call_span(self.tracer, "openai_agents", str(self.model), label) as spent:
            response = await super().get_response(*args, **kwargs)
            spent.input_tokens = int(getattr(response.usage, "input_tokens", 0) or 0)
            spent.output_tokens = int(getattr(response.usage, "output_tokens", 0) or 0)
        self.recorded = any(_field(item, "name") == RECORD_TOOL for item in response.output)
        return response


def stop_at_record(_ctx: RunContextWrapper[Any], results: list[FunctionToolResult]) -> ToolsToFinalOutputResult:
    """Final as soon as `record_understanding` was called; the gate call of the same response came with it."""
    recorded = next((result for result in results if result.tool.name == RECORD_TOOL), None)
    if recorded is None:
        return ToolsToFinalOutputResult(is_final_output=False)
    return ToolsToFinalOutputResult(is_final_output=True, final_output=recorded.output)


def function_tool(spec: ToolSpec, runner: ToolRunner | None, model: RecordingModel) -> FunctionTool:
    """A strict FunctionTool whose invocation hands the model's call id and raw arguments to `runner`."""

    async def invoke(ctx: ToolContext[Any], args_json: str) -> str:
        if spec.name == RECORD_TOOL:
            return json.dumps({"status": "recorded"})
        if runner is None or model.recorded:
            return json.dumps({"status": "deferred", "note": "the booking engine runs this call"})
        result = runner(ProposedToolCall(id=ctx.tool_call_id, name=spec.name, args=args_json))
        return json.dumps(result, default=str)

    return FunctionTool(name=spec.name, description=spec.description, params_json_schema=spec.parameters,
                        on_invoke_tool=invoke, strict_json_schema=True)


def retry_after_seconds(headers: Any) -> float | None:
    """The Retry-After header in seconds (numeric form), if any."""
    value = headers.get("retry-after") if headers is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _thread_default_loop() -> tuple[asyncio.AbstractEventLoop, bool]:
    """The thread's open default event loop, made and set when missing or closed (as `Runner.run_sync` does), and
    whether it was made here."""
    policy = asyncio.get_event_loop_policy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = policy.get_event_loop()
        except RuntimeError:
            loop = None
    if loop is None or loop.is_closed():
        loop = policy.new_event_loop()
        policy.set_event_loop(loop)
        return loop, True
    return loop, False


LOOP_MISMATCH = "bound to a different event loop"  # asyncio's words for a pooled connection from another loop


class AgentsCaller:
    """Runs `RunRequest`s with `Runner.run_sync` on an `OpenAIResponsesModel` (one AsyncOpenAI per thread)."""

    def __init__(self, model: str, base_url: str | None, api_key: str | None, timeout: float,
                 client: Any = None, tracer: Tracer | None = None) -> None:
        self.model = model
        self.tracer = tracer
        self._base_url, self._api_key, self._timeout = base_url, api_key, timeout
        self._shared_client = client
        self._local = threading.local()
        self._opened: list[tuple[asyncio.AbstractEventLoop, openai.AsyncOpenAI, bool]] = []
        self._opened_lock = threading.Lock()

    def _client(self) -> openai.AsyncOpenAI:
        """A client for the loop `Runner.run_sync` will use on this thread: AsyncOpenAI's connection pool
        belongs to one event loop, and other code on the thread (asyncio.run) may close or replace it."""
        if self._shared_client is not None:
            return self._shared_client
        loop, made = _thread_default_loop()
        cached: tuple[asyncio.AbstractEventLoop, openai.AsyncOpenAI] | None = getattr(self._local, "client", None)
        if cached is not None and cached[0] is loop:
            return cached[1]
        client = openai.AsyncOpenAI(base_url=self._base_url, api_key=self._api_key, max_retries=0,
                                    timeout=self._timeout)
        self._local.client = (loop, client)
        with self._opened_lock:
            self._opened.append((loop, client, made))
        return client

    def close(self) -> None:
        """Close every client made for a thread on its loop (its pooled connections), then the loops made here (their
        selector and self-pipe); a loop running right now is left alone, with its client."""
        with self._opened_lock:
            opened, self._opened = self._opened, []
        self._local = threading.local()
        for loop, client, _ in opened:
            if loop.is_closed() or loop.is_running():
                continue
            loop.run_until_complete(client.close())
        for loop in {loop for loop, _, made in opened if made and not loop.is_closed() and not loop.is_running()}:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def agent(self, request: RunRequest) -> Agent[Any]:
        """The per-run Agent: function tools, tool_choice, stop-at-record and the output schema."""
        model = RecordingModel(model=self.model, openai_client=self._client())
        model.tracer = self.tracer
        return Agent(
            name=request.name,
            instructions=request.instructions,
            tools=[function_tool(spec, request.tool_runner, model) for spec in request.tools],
            model=model,
            model_settings=ModelSettings(tool_choice=request.tool_choice),
            reset_tool_choice=True,  # after a forced gate call the next request may record instead of looping
            tool_use_behavior=stop_at_record,
            output_type=SchemaOutput(request.output_schema),
        )

    def run(self, request: RunRequest) -> RunOutcome:
        """One run; raises TransientModelError / PermanentModelError, reports bad model behaviour as a problem."""
        offered = {spec.name for spec in request.tools}
        config = RunConfig(workflow_name=f"venuedesk {request.name}", trace_include_sensitive_data=False,
                           tool_not_found_behavior="return_error_to_model")
        try:
            result = Runner.run_sync(self.agent(request), input=request.input,
                                     max_turns=request.max_turns, run_config=config)
        except (ModelBehaviorError, MaxTurnsExceeded) as exc:
            outcome = RunOutcome(problem=f"{type(exc).__name__}: {str(exc)[:200]}")
            if exc.run_data is not None:
                _collect(outcome, exc.run_data.new_items, offered)
                _count(outcome, exc.run_data.context_wrapper.usage)
            return outcome
        except openai.RateLimitError as exc:
            raise TransientModelError("rate limited (429)", status=429,
                                      retry_after=retry_after_seconds(exc.response.headers)) from exc
        except openai.InternalServerError as exc:
            raise TransientModelError(f"server error ({exc.status_code})", status=exc.status_code) from exc
        except (openai.APITimeoutError, openai.APIConnectionError, ModelTimeoutError) as exc:
            raise TransientModelError(f"{type(exc).__name__}: {exc}") from exc
        except openai.APIStatusError as exc:
            raise PermanentModelError(f"HTTP {exc.status_code}: {str(exc)[:200]}") from exc
        except (openai.APIResponseValidationError, json.JSONDecodeError) as exc:
            raise TransientModelError(f"malformed response: {str(exc)[:200]}") from exc
        except RuntimeError as exc:
            if LOOP_MISMATCH not in str(exc):
                raise
            self._local.client = None  # its pooled connection belongs to another loop: the retry gets a fresh one
            raise TransientModelError(f"connection bound to another event loop: {str(exc)[:120]}") from exc
        except AgentsException as exc:
            raise PermanentModelError(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
        outcome = RunOutcome()
        _collect(outcome, result.new_items, offered)
        _count(outcome, result.context_wrapper.usage)
        if outcome.raw_output is None and result.final_output is not None:
            outcome.raw_output = result.final_output
        return outcome


def _collect(outcome: RunOutcome, items: list[Any], offered: set[str]) -> None:
    """Tool calls from the run's ToolCallItems: the record tool's arguments, proposed and refused calls."""
    for item in items:
        if not isinstance(item, ToolCallItem):
            continue
        raw = item.raw_item
        name = _field(raw, "name")
        call_id = _field(raw, "call_id")
        if not isinstance(name, str) or not isinstance(call_id, str):
            continue
        call = ProposedToolCall(id=call_id, name=name, args=_field(raw, "arguments") or "")
        if name == RECORD_TOOL:
            outcome.raw_output = call.args
        elif name in offered:
            outcome.calls.append(call)
        else:
            outcome.refused.append(call)


def _field(raw: Any, key: str) -> Any:
    return raw.get(key) if isinstance(raw, dict) else getattr(raw, key, None)


def _count(outcome: RunOutcome, usage: Any) -> None:
    outcome.requests += int(getattr(usage, "requests", 0) or 0)
    outcome.input_tokens += int(getattr(usage, "input_tokens", 0) or 0)
    outcome.output_tokens += int(getattr(usage, "output_tokens", 0) or 0)
