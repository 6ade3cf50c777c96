"""The Mistral chat wire format: Chat Completions with 9-character call ids and Mistral errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from venuedesk.fakellm import wire
from venuedesk.fakellm.brain import Answer, Ask
from venuedesk.fakellm.openai_chat import call_ids, parse_chat, usage


def parse(body: dict[str, Any], faults: tuple[str, ...]) -> Ask:
    """A Mistral chat request as an `Ask` (tool_choice "any" forces a tool call)."""
    return parse_chat(body, faults)


def _tool_calls(answer: Answer, seed: bytes) -> list[dict[str, Any]]:
    return [
        {
            "id": call_id,
            "type": "function",
            "index": index,
            "function": {"name": call.name, "arguments": call.arguments},
        }
        for index, (call_id, call) in enumerate(
            zip(call_ids(answer, seed, wire.mistral_call_id), answer.calls, strict=True)
        )
    ]


def completion(body: dict[str, Any], answer: Answer, seed: bytes) -> dict[str, Any]:
    """A Mistral `chat.completion` object."""
    message: dict[str, Any] = {"role": "assistant", "content": answer.content or "", "prefix": False}
    if answer.calls:
        message["tool_calls"] = _tool_calls(answer, seed)
    return {
        "id": wire.digest(seed, "mistral").hex()[:32],
        "object": "chat.completion",
        "created": wire.CREATED,
        "model": body.get("model", "fake-llm"),
        "choices": [{"index": 0, "message": message, "finish_reason": answer.finish_reason}],
        "usage": usage(body, answer),
    }


def chunks(body: dict[str, Any], answer: Answer, seed: bytes) -> Iterator[dict[str, Any]]:
    """The stream chunks: role, content pieces, whole tool calls, then finish reason with usage."""
    head = {
        "id": wire.digest(seed, "mistral").hex()[:32],
        "object": "chat.completion.chunk",
        "created": wire.CREATED,
        "model": body.get("model", "fake-llm"),
    }

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    yield chunk({"role": "assistant", "content": ""})
    if answer.content:
        for piece in wire.pieces(answer.content):
            yield chunk({"content": piece})
    if answer.calls:
        yield chunk({"tool_calls": _tool_calls(answer, seed)})
    yield {**chunk({"content": ""}, answer.finish_reason), "usage": usage(body, answer)}


def error(status: int, message_text: str) -> dict[str, Any]:
    """An error body in Mistral's shape."""
    kinds = {
        400: "invalid_request_error",
        404: "not_found",
        429: "rate_limited",
        500: "internal_server_error",
    }
    return {
        "object": "error",
        "message": message_text,
        "type": kinds.get(status, "internal_server_error"),
        "param": None,
        "code": str(status),
    }
