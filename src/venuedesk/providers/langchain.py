"""The `langchain` provider: the same handshake through any `langchain-core` chat model.

`ChatOpenAI` or `ChatMistralAI` is built from the settings (`VENUEDESK_LANGCHAIN_VENDOR`), or any other
`BaseChatModel` is passed in. Tools are bound with `bind_tools` as strict OpenAI-format functions, tool
results go back as `ToolMessage`s echoing `tool_call_id`, and agents without tools use
`with_structured_output(..., method="json_schema", include_raw=True)`. Vendor SDK errors are mapped by their
shape (status code, timeout, connection), since a chat model may wrap any SDK. Installed with
`venuedesk[langchain]`.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

from opentelemetry.trace import Tracer
from pydantic import BaseModel

from venuedesk.providers.backoff import Backoff
from venuedesk.providers.base import AgentRuntime, ProposedToolCall, ToolChoice, ToolSpec
from venuedesk.providers.errors import ProviderConfigError, ProviderError, TransientModelError
from venuedesk.providers.http_status import status_error
from venuedesk.providers.model_runtime import ModelReply, ModelRuntime
from venuedesk.providers.openai_chat import function_tools, json_schema_format
from venuedesk.providers.settings import ProviderSettings

INSTALL = "pip install 'venuedesk[langchain]'"
TRANSIENT_NAMES = frozenset({"TimeoutException", "TransportError", "APITimeoutError", "APIConnectionError",
                             "NoResponseError", "TimeoutError", "ConnectionError"})
MALFORMED_NAMES = frozenset({"APIResponseValidationError", "ResponseValidationError"})


def langchain_tool_choice(choice: ToolChoice) -> str:
    """LangChain's shared vocabulary: "any" forces some tool (ChatOpenAI sends it as "required")."""
    return "any" if choice == "required" else choice


def classify(exc: BaseException) -> ProviderError | None:
    """A vendor error as Transient/Permanent by its status code or kind; None if not a model failure."""
    response = getattr(exc, "response", None)
    status = getattr(exc, "status_code", None) or getattr(response, "status_code", None)
    if isinstance(status, int) and status >= 400:
        headers = getattr(response, "headers", None) or getattr(exc, "headers", None)
        return status_error(status, headers, str(exc))
    if isinstance(exc, json.JSONDecodeError) or type(exc).__name__ in MALFORMED_NAMES:
        return TransientModelError(f"malformed response: {str(exc)[:200]}")
    if TRANSIENT_NAMES & {kind.__name__ for kind in type(exc).__mro__}:
        return TransientModelError(f"{type(exc).__name__}: {exc}")
    return None


def build_chat_model(settings: ProviderSettings) -> Any:
    """ChatOpenAI or ChatMistralAI at the configured URL, with no retries of its own and the exact timeout."""
    timeout = settings.model_timeout_seconds
    if settings.langchain_vendor == "mistral":
        try:
            import httpx
            from langchain_mistralai import ChatMistralAI
        except ImportError as exc:
            message = f"the langchain provider (mistral) needs langchain-mistralai: {INSTALL}"
            raise ProviderConfigError(message) from exc
        if not settings.mistral_api_key:
            raise ProviderConfigError("the langchain provider (mistral) needs an API key: set "
                                      "VENUEDESK_MISTRAL_API_KEY (or MISTRAL_API_KEY)")
        endpoint = f"{settings.mistral_server_url.rstrip('/')}/v1" if settings.mistral_server_url else None
        model = ChatMistralAI(model=settings.mistral_model, api_key=settings.mistral_api_key,
                              endpoint=endpoint, max_retries=0, timeout=max(1, round(timeout)))
        model.client.timeout = httpx.Timeout(timeout)  # its own `timeout` field takes whole seconds only
        return model
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:
        message = f"the langchain provider (openai) needs langchain-openai: {INSTALL}"
        raise ProviderConfigError(message) from exc
    if not settings.openai_api_key:
        raise ProviderConfigError("the langchain provider (openai) needs an API key: set "
                                  "VENUEDESK_OPENAI_API_KEY (or OPENAI_API_KEY)")
    return ChatOpenAI(model=settings.openai_model, api_key=settings.openai_api_key,
                      base_url=settings.openai_base_url, max_retries=0, timeout=timeout,
                      use_responses_api=False)


def to_langchain(messages: list[dict[str, Any]]) -> list[Any]:
    """The base's neutral chat messages as LangChain messages (tool calls and ToolMessages keep their ids)."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
    from langchain_core.messages.tool import invalid_tool_call, tool_call

    converted: list[Any] = []
    for message in messages:
        role, content = message["role"], message.get("content") or ""
        if role == "system":
            converted.append(SystemMessage(content=content))
        elif role == "user":
            converted.append(HumanMessage(content=content))
        elif role == "tool":
            converted.append(ToolMessage(content=content, tool_call_id=message["tool_call_id"],
                                         name=message.get("name")))
        else:
            valid, invalid = [], []
            for call in message.get("tool_calls") or []:
                name, raw = call["function"]["name"], call["function"]["arguments"]
                try:
                    valid.append(tool_call(name=name, args=json.loads(raw), id=call["id"]))
                except ValueError as exc:
                    invalid.append(invalid_tool_call(name=name, args=raw, id=call["id"], error=str(exc)))
            converted.append(AIMessage(content=content, tool_calls=valid, invalid_tool_calls=invalid))
    return converted


def text_of(content: Any) -> str:
    """The text of a message content: a string, or its text blocks."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(block if isinstance(block, str) else str(block.get("text", ""))
                       for block in content if isinstance(block, str | dict))
    return ""


def reply_of(message: Any, content: str | None = None, with_calls: bool = True) -> ModelReply:
    """An AIMessage as a ModelReply; unparsable tool arguments travel as raw text so they are refused."""
    calls: list[ProposedToolCall] = []
    if with_calls:
        for index, call in enumerate(message.tool_calls or []):
            calls.append(ProposedToolCall(id=call.get("id") or f"call_{index}", name=call["name"],
                                          args=call["args"]))
        for index, bad in enumerate(message.invalid_tool_calls or []):
            calls.append(ProposedToolCall(id=bad.get("id") or f"invalid_{index}", name=bad.get("name") or "",
                                          args=bad.get("args") or ""))
    usage = getattr(message, "usage_metadata", None) or {}
    text = content if content is not None else text_of(message.content)
    return ModelReply(content=text or None, tool_calls=calls, input_tokens=int(usage.get("input_tokens", 0)),
                      output_tokens=int(usage.get("output_tokens", 0)))


class LangChainRuntime(ModelRuntime):
    """Any LangChain chat model with bound tools, ToolMessages and json_schema structured output."""

    name = "langchain"

    def __init__(self, settings: ProviderSettings, fallback: AgentRuntime, backoff: Backoff | None = None,
                 chat_model: Any = None, tracer: Tracer | None = None) -> None:
        super().__init__(fallback, backoff or Backoff(attempts=settings.model_max_attempts), tracer)
        try:
            import langchain_core  # noqa: F401 - fail at start-up, naming the extra
        except ImportError as exc:
            raise ProviderConfigError(f"the langchain provider needs langchain-core: {INSTALL}") from exc
        self._owns_model = chat_model is None
        self.chat_model = chat_model if chat_model is not None else build_chat_model(settings)

    def close(self) -> None:
        """Close the httpx client of the ChatMistralAI this runtime built (its async client opens no connection: the
        runtime calls models synchronously). ChatOpenAI's clients wrap langchain-openai's one process-wide cached
        httpx client, shared by every ChatOpenAI: closing it would break the others, and it does not pile up."""
        if not self._owns_model or type(self.chat_model).__name__ != "ChatMistralAI":
            return
        close = getattr(getattr(self.chat_model, "client", None), "close", None)
        if callable(close) and not inspect.iscoroutinefunction(close):
            close()

    def model_name(self) -> str:
        """The chat model's model name (`model_name` on ChatOpenAI, `model` on ChatMistralAI), else its class."""
        for attribute in ("model_name", "model"):
            value = getattr(self.chat_model, attribute, None)
            if isinstance(value, str) and value:
                return value
        return type(self.chat_model).__name__

    def _complete(self, messages: list[dict[str, Any]], tools: list[ToolSpec], tool_choice: ToolChoice | None,
                  output_schema: type[BaseModel] | None) -> ModelReply:
        try:
            if tools:
                bound = self.chat_model.bind_tools(function_tools(tools),
                                                   tool_choice=langchain_tool_choice(tool_choice or "auto"))
                return reply_of(bound.invoke(to_langchain(messages)))
            if output_schema is not None:
                return self._structured(messages, output_schema)
            return reply_of(self.chat_model.invoke(to_langchain(messages)))
        except ProviderError:
            raise
        except Exception as exc:
            mapped = classify(exc)
            if mapped is None:
                raise
            raise mapped from exc

    def _structured(self, messages: list[dict[str, Any]], output_schema: type[BaseModel]) -> ModelReply:
        """json_schema output; text that fails to parse goes back raw, so the base asks for one repair."""
        spec = json_schema_format(output_schema)["json_schema"]
        runnable = self.chat_model.with_structured_output(spec, method="json_schema", include_raw=True)
        result = runnable.invoke(to_langchain(messages))
        raw, parsed = result["raw"], result.get("parsed")
        text = text_of(raw.content)
        if not text and parsed is not None and result.get("parsing_error") is None:
            text = parsed.model_dump_json() if isinstance(parsed, BaseModel) else json.dumps(parsed)
        return reply_of(raw, content=text, with_calls=False)
