"""The `openai_chat` provider: the Chat Completions handshake through the official `openai` SDK.

Tools are strict function tools, `tool_choice` is passed through (a tool name forces that tool), tool calls
come back with ids, tool results go back as `tool` messages echoing `tool_call_id`, and agents without tools
get `response_format` json_schema. Installed with `venuedesk[openai]`; imported only when configured.
"""

from __future__ import annotations

from typing import Any

from opentelemetry.trace import Tracer
from pydantic import BaseModel

from venuedesk.providers.backoff import Backoff
from venuedesk.providers.base import AgentRuntime, ProposedToolCall, ToolChoice, ToolSpec
from venuedesk.providers.errors import PermanentModelError, ProviderConfigError, TransientModelError
from venuedesk.providers.model_runtime import ModelReply, ModelRuntime
from venuedesk.providers.settings import ProviderSettings
from venuedesk.tools.schema import strict_json_schema


def retry_after_seconds(headers: Any) -> float | None:
    """The Retry-After header in seconds (numeric form), if any."""
    value = headers.get("retry-after") if headers is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def function_tools(tools: list[ToolSpec]) -> list[dict[str, Any]]:
    return [{"type": "function", "function": {"name": t.name, "description": t.description,
                                              "parameters": t.parameters, "strict": True}} for t in tools]


def chat_tool_choice(choice: ToolChoice) -> Any:
    if choice in ("auto", "none", "required"):
        return choice
    return {"type": "function", "function": {"name": choice}}


def json_schema_format(schema: type[BaseModel]) -> dict[str, Any]:
    return {"type": "json_schema",
            "json_schema": {"name": schema.__name__, "schema": strict_json_schema(schema), "strict": True}}


class OpenAIChatRuntime(ModelRuntime):
    """Chat Completions with tools, tool_choice, tool messages and json_schema output."""

    name = "openai_chat"

    def __init__(self, settings: ProviderSettings, fallback: AgentRuntime, backoff: Backoff | None = None,
                 client: Any = None, tracer: Tracer | None = None) -> None:
        super().__init__(fallback, backoff or Backoff(attempts=settings.model_max_attempts), tracer)
        try:
            import openai
        except ImportError as exc:
            raise ProviderConfigError("the openai_chat provider needs the OpenAI SDK: "
                                      "pip install 'venuedesk[openai]'") from exc
        if client is None and not settings.openai_api_key:
            raise ProviderConfigError("the openai_chat provider needs an API key: set VENUEDESK_OPENAI_API_KEY "
                                      "(or OPENAI_API_KEY)")
        self._openai = openai
        self._owns_client = client is None
        self.client = client or openai.OpenAI(api_key=settings.openai_api_key, base_url=settings.openai_base_url,
                                              max_retries=0, timeout=settings.model_timeout_seconds)
        self.model = settings.openai_model

    def close(self) -> None:
        """Close the OpenAI client this runtime created (its connection pool)."""
        if self._owns_client:
            self.client.close()

    def _complete(self, messages: list[dict[str, Any]], tools: list[ToolSpec], tool_choice: ToolChoice | None,
                  output_schema: type[BaseModel] | None) -> ModelReply:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages}
        if tools:
            kwargs["tools"] = function_tools(tools)
            kwargs["tool_choice"] = chat_tool_choice(tool_choice or "auto")
        if output_schema is not None:
            kwargs["response_format"] = json_schema_format(output_schema)
        openai = self._openai
        try:
            response = self.client.chat.completions.create(**kwargs)
        except openai.RateLimitError as exc:
            raise TransientModelError("rate limited (429)", status=429,
                                      retry_after=retry_after_seconds(exc.response.headers)) from exc
        except openai.InternalServerError as exc:
            raise TransientModelError(f"server error ({exc.status_code})", status=exc.status_code) from exc
        except (openai.APITimeoutError, openai.APIConnectionError) as exc:
            raise TransientModelError(f"{type(exc).__name__}: {exc}") from exc
        except openai.APIStatusError as exc:
            raise PermanentModelError(f"HTTP {exc.status_code}: {str(exc)[:200]}") from exc
        except (openai.APIResponseValidationError, ValueError) as exc:
            raise TransientModelError(f"malformed response: {str(exc)[:200]}") from exc
        if not getattr(response, "choices", None):
            raise TransientModelError("malformed response: no choices")
        message = response.choices[0].message
        calls = [ProposedToolCall(id=call.id, name=call.function.name, args=call.function.arguments)
                 for call in message.tool_calls or [] if getattr(call, "function", None) is not None]
        usage = response.usage
        return ModelReply(content=message.content, tool_calls=calls,
                          input_tokens=getattr(usage, "prompt_tokens", 0) or 0,
                          output_tokens=getattr(usage, "completion_tokens", 0) or 0)
