"""The `mistral` provider: Mistral chat completions through the official `mistralai` SDK (`mistralai.client`).

Same handshake as `openai_chat`: strict function tools, a forced tool as `"any"` (Mistral's "required") or a
named tool (`{"type": "function", "function": {"name": …}}`, the SDK's `ToolChoice`), 9-character tool-call ids echoed back in `tool` messages, and `response_format` json_schema for
agents without tools. The SDK's own retries are off: the base retries. Installed with `venuedesk[mistral]`.
"""

from __future__ import annotations

from typing import Any

import pydantic
from opentelemetry.trace import Tracer
from pydantic import BaseModel

from venuedesk.providers.backoff import Backoff
from venuedesk.providers.base import AgentRuntime, ProposedToolCall, ToolChoice, ToolSpec
from venuedesk.providers.errors import PermanentModelError, ProviderConfigError, TransientModelError
from venuedesk.providers.http_status import status_error
from venuedesk.providers.model_runtime import ModelReply, ModelRuntime
from venuedesk.providers.openai_chat import chat_tool_choice, function_tools, json_schema_format
from venuedesk.providers.settings import ProviderSettings


def mistral_tool_choice(choice: ToolChoice) -> Any:
    """The base's tool choice in Mistral's words: "required" is "any", a tool name forces that tool."""
    return "any" if choice == "required" else chat_tool_choice(choice)


def message_text(content: Any) -> str | None:
    """The text of an assistant message: a string, or the text chunks of a chunk list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(text for chunk in content if isinstance(text := getattr(chunk, "text", None), str))
    return None


def _count(value: Any) -> int:
    return value if isinstance(value, int) else 0


class MistralRuntime(ModelRuntime):
    """Mistral chat with tools, tool_choice, tool messages and json_schema output."""

    name = "mistral"

    def __init__(self, settings: ProviderSettings, fallback: AgentRuntime, backoff: Backoff | None = None,
                 client: Any = None, tracer: Tracer | None = None) -> None:
        super().__init__(fallback, backoff or Backoff(attempts=settings.model_max_attempts), tracer)
        try:
            import httpx2
            from mistralai import client as sdk
            from mistralai.client import errors
        except ImportError as exc:
            raise ProviderConfigError("the mistral provider needs the Mistral SDK (mistralai.client): "
                                      "pip install 'venuedesk[mistral]'") from exc
        if client is None and not settings.mistral_api_key:
            raise ProviderConfigError("the mistral provider needs an API key: set VENUEDESK_MISTRAL_API_KEY "
                                      "(or MISTRAL_API_KEY)")
        self._errors, self._httpx = errors, httpx2
        self._owns_client = client is None
        self.client = client or sdk.Mistral(
            api_key=settings.mistral_api_key, server_url=settings.mistral_server_url,
            timeout_ms=round(settings.model_timeout_seconds * 1000), retry_config=None)
        self.model = settings.mistral_model

    def close(self) -> None:
        """Close the Mistral SDK client this runtime created (its httpx client, as leaving `with Mistral()` does)."""
        if self._owns_client:
            self.client.__exit__(None, None, None)

    def _complete(self, messages: list[dict[str, Any]], tools: list[ToolSpec], tool_choice: ToolChoice | None,
                  output_schema: type[BaseModel] | None) -> ModelReply:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "retries": None}
        if tools:
            kwargs["tools"] = function_tools(tools)
            kwargs["tool_choice"] = mistral_tool_choice(tool_choice or "auto")
        if output_schema is not None:
            kwargs["response_format"] = json_schema_format(output_schema)
        errors, httpx = self._errors, self._httpx
        try:
            response = self.client.chat.complete(**kwargs)
        except errors.ResponseValidationError as exc:
            raise TransientModelError(f"malformed response: {str(exc)[:200]}") from exc
        except errors.MistralError as exc:
            raise status_error(exc.status_code, exc.headers, exc.body or str(exc)) from exc
        except (errors.NoResponseError, httpx.TimeoutException, httpx.TransportError) as exc:
            raise TransientModelError(f"{type(exc).__name__}: {exc}") from exc
        except pydantic.ValidationError as exc:
            raise PermanentModelError(f"the SDK rejected the request: {str(exc)[:200]}") from exc
        if not getattr(response, "choices", None):
            raise TransientModelError("malformed response: no choices")
        message = response.choices[0].message
        tool_calls = message.tool_calls if isinstance(message.tool_calls, list) else []
        calls = [ProposedToolCall(id=str(call.id), name=call.function.name, args=call.function.arguments)
                 for call in tool_calls]
        usage = response.usage
        return ModelReply(content=message_text(message.content), tool_calls=calls,
                          input_tokens=_count(getattr(usage, "prompt_tokens", 0)),
                          output_tokens=_count(getattr(usage, "completion_tokens", 0)))
