"""The OpenAI Chat Completions wire format: request → `Ask`, `Answer` → completion or chunk SSE."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from venuedesk.fakellm import wire
from venuedesk.fakellm.brain import Answer, Ask, ChoiceMode, OfferedTool, prompt_tokens, tokens

IdMaker = Callable[[bytes, int], str]
SYSTEM_ROLES = frozenset({"system", "developer"})


class BadRequestError(ValueError):
    """The request is valid JSON but not a usable request (e.g. no messages)."""


def text_of(content: Any) -> str:
    """The text of a message content: a string, or a list of text parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def chat_choice(raw: Any) -> tuple[ChoiceMode, str | None]:
    """`tool_choice` as a mode and forced tool name ("any" is Mistral's "required")."""
    if raw in (None, "auto"):
        return "auto", None
    if raw == "none":
        return "none", None
    if raw in ("required", "any"):
        return "required", None
    if isinstance(raw, dict):
        function = raw["function"] if isinstance(raw.get("function"), dict) else raw
        return "named", str(function.get("name", ""))
    raise BadRequestError(f"unsupported tool_choice {raw!r}")


def chat_format(raw: Any) -> tuple[dict[str, Any] | None, bool]:
    """`response_format` as (json schema or None, plain JSON wanted)."""
    if not isinstance(raw, dict) or raw.get("type") in (None, "text"):
        return None, False
    if raw.get("type") == "json_object":
        return None, True
    spec = raw.get("json_schema") or {}
    schema = spec.get("schema") if isinstance(spec, dict) else None
    return (schema if isinstance(schema, dict) else None), True


def parse_chat(body: dict[str, Any], faults: tuple[str, ...]) -> Ask:
    """A Chat Completions (or Mistral chat) request as an `Ask`."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequestError("'messages' must be a non-empty array")
    system = "\n".join(text_of(m.get("content")) for m in messages if m.get("role") in SYSTEM_ROLES)
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
    # The client's words are the first user message; later ones are the desk's corrections (a repair request).
    first_user = min((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
    tools = tuple(
        OfferedTool(str(t["function"]["name"]), t["function"].get("parameters") or {})
        for t in body.get("tools") or []
        if isinstance(t, dict) and isinstance(t.get("function"), dict)
    )
    choice, forced = chat_choice(body.get("tool_choice"))
    schema, wants_json = chat_format(body.get("response_format"))
    return Ask(
        system=system,
        user_text=text_of(messages[first_user].get("content")) if first_user >= 0 else "",
        after_tool_results=any(m.get("role") == "tool" for m in messages[last_user + 1 :]),
        tools=tools,
        choice=choice,
        forced_tool=forced,
        output_schema=schema,
        json_output=wants_json,
        faults=faults,
    )


def call_ids(answer: Answer, seed: bytes, make: IdMaker) -> list[str]:
    """One id per call; a call marked `reuse_id_of` repeats an earlier id."""
    ids: list[str] = []
    for index, call in enumerate(answer.calls):
        ids.append(ids[call.reuse_id_of] if call.reuse_id_of is not None else make(seed, index))
    return ids


def usage(body: dict[str, Any], answer: Answer) -> dict[str, int]:
    prompt, completion = prompt_tokens(body), tokens(answer.completion_chars())
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def message(answer: Answer, ids: list[str]) -> dict[str, Any]:
    """The assistant message of a non-streamed completion."""
    out: dict[str, Any] = {"role": "assistant", "content": answer.content}
    if answer.calls:
        out["tool_calls"] = [
            {"id": call_id, "type": "function", "function": {"name": call.name, "arguments": call.arguments}}
            for call_id, call in zip(ids, answer.calls, strict=True)
        ]
    return out


def completion(
    body: dict[str, Any], answer: Answer, seed: bytes, make: IdMaker = wire.openai_call_id
) -> dict:
    """A `chat.completion` object."""
    return {
        "id": wire.short_id("chatcmpl-", seed, "completion"),
        "object": "chat.completion",
        "created": wire.CREATED,
        "model": body.get("model", "fake-llm"),
        "choices": [
            {
                "index": 0,
                "message": message(answer, call_ids(answer, seed, make)),
                "logprobs": None,
                "finish_reason": answer.finish_reason,
            }
        ],
        "usage": usage(body, answer),
        "system_fingerprint": "fake-llm",
    }


def chunks(
    body: dict[str, Any],
    answer: Answer,
    seed: bytes,
    make: IdMaker = wire.openai_call_id,
    final_usage: bool | None = None,
) -> Iterator[dict[str, Any]]:
    """The `chat.completion.chunk` objects of a streamed completion, in order."""
    head = {
        "id": wire.short_id("chatcmpl-", seed, "completion"),
        "object": "chat.completion.chunk",
        "created": wire.CREATED,
        "model": body.get("model", "fake-llm"),
        "system_fingerprint": "fake-llm",
    }

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**head, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}

    yield chunk({"role": "assistant", "content": ""})
    if answer.content:
        for piece in wire.pieces(answer.content):
            yield chunk({"content": piece})
    for index, (call_id, call) in enumerate(zip(call_ids(answer, seed, make), answer.calls, strict=True)):
        yield chunk(
            {
                "tool_calls": [
                    {
                        "index": index,
                        "id": call_id,
                        "type": "function",
                        "function": {"name": call.name, "arguments": ""},
                    }
                ]
            }
        )
        for piece in wire.pieces(call.arguments):
            yield chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    yield chunk({}, answer.finish_reason)
    options = body.get("stream_options") or {}
    if final_usage or (final_usage is None and options.get("include_usage")):
        yield {**head, "choices": [], "usage": usage(body, answer)}


def error(status: int, message_text: str) -> dict[str, Any]:
    """An error body in OpenAI's shape."""
    kinds = {
        400: ("invalid_request_error", None),
        404: ("invalid_request_error", "not_found"),
        429: ("requests", "rate_limit_exceeded"),
        500: ("server_error", None),
    }
    kind, code = kinds.get(status, ("server_error", None))
    return {"error": {"message": message_text, "type": kind, "param": None, "code": code}}
