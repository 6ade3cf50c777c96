"""The `openai_agents` provider: the OpenAI Agents SDK (Agent, Runner, FunctionTool, ModelSettings.tool_choice).

Each run builds an Agent with the offered tools plus `record_understanding` (the output schema as a strict
function tool) and stops as soon as that tool has been called, so the structured output and the tool calls
arrive in one Responses request; at a gate `ModelSettings(tool_choice=<gate tool>)` forces that tool alone, and
the SDK's next request (tool_choice reset) records the facts. Output failing its schema gets one repair run that forces
`record_understanding`, then the deterministic understanding; a model that keeps failing hands the run to the
deterministic provider. SDK traces become local OpenTelemetry spans. Installed with `venuedesk[openai]`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from opentelemetry.trace import Tracer
from pydantic import BaseModel

from venuedesk.agents.specs import AgentSpec
from venuedesk.providers.backoff import Backoff
from venuedesk.providers.base import AgentRun, AgentRuntime, ConversationMessage, ToolChoice, ToolRunner, ToolSpec, Usage
from venuedesk.providers.errors import (
    ModelUnavailable,
    PermanentModelError,
    ProviderConfigError,
    TransientModelError,
)
from venuedesk.providers.model_runtime import RECORD_DESCRIPTION, _validate, offered_choice
from venuedesk.providers.prompting import RECORD_TOOL, system_prompt
from venuedesk.providers.settings import ProviderSettings
from venuedesk.tools.schema import strict_json_schema

if TYPE_CHECKING:
    from venuedesk.providers.openai_agents_sdk import RunOutcome, RunRequest

log = logging.getLogger(__name__)
REPAIR = ("Your previous answer was not valid: {problem}. Call record_understanding again with only what the "
          "client's latest message says, matching its schema.")


class OpenAIAgentsRuntime:
    """Agents SDK runs on an OpenAIResponsesModel, with the shared repair, fallback and retry behaviour."""

    name = "openai_agents"

    def __init__(self, settings: ProviderSettings, fallback: AgentRuntime, backoff: Backoff | None = None,
                 client: Any = None, tracer_provider: Any = None, tracer: Tracer | None = None) -> None:
        try:
            import agents  # noqa: F401 - fail early, naming the extra to install
        except ImportError as exc:
            raise ProviderConfigError("the openai_agents provider needs the OpenAI Agents SDK: "
                                      "pip install 'venuedesk[openai]'") from exc
        if client is None and not settings.openai_api_key:
            raise ProviderConfigError("the openai_agents provider needs an API key: set VENUEDESK_OPENAI_API_KEY "
                                      "(or OPENAI_API_KEY)")
        from venuedesk.providers.openai_agents_sdk import AgentsCaller
        from venuedesk.providers.openai_agents_tracing import install_tracing

        install_tracing(settings.openai_tracing_export, settings.openai_api_key, tracer_provider)
        self.fallback = fallback
        self.backoff = backoff or Backoff(attempts=settings.model_max_attempts)
        self.caller = AgentsCaller(settings.openai_model, settings.openai_base_url, settings.openai_api_key,
                                   settings.model_timeout_seconds, client, tracer)

    def close(self) -> None:
        """Close the per-thread clients and the event loops the SDK runs needed (see `AgentsCaller.close`)."""
        self.caller.close()

    def run(
        self, spec: AgentSpec, conversation: list[ConversationMessage], state_view: dict[str, Any],
        tools: list[ToolSpec], tool_choice: ToolChoice, output_schema: type[BaseModel], *,
        tool_runner: ToolRunner | None = None,
    ) -> AgentRun:
        usage = Usage()
        try:
            return self._run(spec, conversation, state_view, tools, tool_choice, output_schema, usage, tool_runner)
        except (ModelUnavailable, PermanentModelError) as error:
            log.warning("model provider failed; the deterministic provider completes the turn",
                        extra={"provider": self.name, "agent": spec.name, "error": str(error)[:300]})
            run: AgentRun = self.fallback.run(spec, conversation, state_view, tools, tool_choice, output_schema)
            run.usage = usage
            run.usage.failed = True
            return run

    def _run(
        self, spec: AgentSpec, conversation: list[ConversationMessage], state_view: dict[str, Any],
        tools: list[ToolSpec], tool_choice: ToolChoice, output_schema: type[BaseModel], usage: Usage,
        tool_runner: ToolRunner | None,
    ) -> AgentRun:
        from venuedesk.providers.openai_agents_sdk import RunRequest

        text = next((m.text for m in reversed(conversation) if m.role == "client"), "")
        client_input = [{"role": "user", "content": text}]
        instructions = system_prompt(spec, state_view)
        record = ToolSpec(RECORD_TOOL, RECORD_DESCRIPTION, strict_json_schema(output_schema))
        offered = [*tools, record] if tools else []
        choice = offered_choice(tool_choice, tools) if offered else None
        first = self._attempt(RunRequest(spec.name, instructions, client_input, offered, choice, output_schema,
                                         tool_runner, max_turns=2 if offered else 1), usage)
        output, problem = self._output(first.raw_output, first.problem, output_schema)
        if output is None:
            correction = {"role": "developer", "content": REPAIR.format(problem=problem)}
            repair = self._attempt(RunRequest(spec.name, instructions, [*client_input, correction], [record],
                                              RECORD_TOOL, output_schema, None, max_turns=1), usage)
            output, problem = self._output(repair.raw_output, repair.problem, output_schema)
        if output is None:
            log.warning("model output failed its schema twice; using deterministic understanding",
                        extra={"provider": self.name, "agent": spec.name, "problem": (problem or "")[:300]})
            usage.fallback = True
            output = self.fallback.run(spec, conversation, state_view, [], "none", output_schema).output
        return AgentRun(tool_calls=first.calls, output=output, usage=usage, refused=first.refused)

    def _attempt(self, request: RunRequest, usage: Usage) -> RunOutcome:
        """One SDK run under the project's Backoff; counts requests and tokens, failed attempts included."""

        def attempt() -> RunOutcome:
            try:
                outcome = self.caller.run(request)
            except (TransientModelError, PermanentModelError):
                usage.model_calls += 1
                raise
            usage.model_calls += outcome.requests
            usage.input_tokens += outcome.input_tokens
            usage.output_tokens += outcome.output_tokens
            return outcome

        return self.backoff.run(attempt)

    @staticmethod
    def _output(raw: Any, problem: str | None, schema: type[BaseModel]) -> tuple[BaseModel | None, str | None]:
        """The validated output, else why there is none."""
        if raw is None:
            return None, problem or "no structured output was given"
        return _validate(raw, schema)
