"""The OpenAI Responses wire format: request → `Ask`, `Answer` → `response` object or its typed SSE events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from venuedesk.fakellm import wire
from venuedesk.fakellm.brain import Answer, Ask, ChoiceMode, OfferedTool, prompt_tokens, tokens
from venuedesk.fakellm.openai_chat import SYSTEM_ROLES, BadRequestError, text_of


def _choice(raw: Any) -> tuple[ChoiceMode, str | None]:
    if raw in (None, "auto"):
        return "auto", None
    if raw in ("none", "required"):
        return raw, None
    if isinstance(raw, dict) and raw.get("type") == "function":
        return "named", str(raw.get("name", ""))
    if isinstance(raw, dict):
        return "auto", None
    raise BadRequestError(f"unsupported tool_choice {raw!r}")


def parse(body: dict[str, Any], faults: tuple[str, ...]) -> Ask:
    """A Responses request as an `Ask`: `instructions` and system items give the context."""
    raw = body.get("input")
    items: list[Any] = [{"role": "user", "content": raw}] if isinstance(raw, str) else list(raw or [])
    if not items:
        raise BadRequestError("'input' must be a string or a non-empty array")
    system = [str(body["instructions"])] if body.get("instructions") else []
    system += [
        text_of(i.get("content")) for i in items if isinstance(i, dict) and i.get("role") in SYSTEM_ROLES
    ]
    first_user = min(
        (n for n, i in enumerate(items) if isinstance(i, dict) and i.get("role") == "user"), default=-1
    )  # the client's words; later user items are the desk's corrections
    last_user = max(
        (n for n, i in enumerate(items) if isinstance(i, dict) and i.get("role") == "user"), default=-1
    )
    tools = tuple(
        OfferedTool(str(t["name"]), t.get("parameters") or {})
        for t in body.get("tools") or []
        if isinstance(t, dict) and t.get("type") == "function"
    )
    choice, forced = _choice(body.get("tool_choice"))
    fmt = (body.get("text") or {}).get("format") or {}
    schema = fmt.get("schema") if fmt.get("type") == "json_schema" else None
    return Ask(
        system="\n".join(system),
        user_text=text_of(items[first_user].get("content")) if first_user >= 0 else "",
        after_tool_results=any(
            isinstance(i, dict) and i.get("type") == "function_call_output" for i in items[last_user + 1 :]
        ),
        tools=tools,
        choice=choice,
        forced_tool=forced,
        output_schema=schema if isinstance(schema, dict) else None,
        json_output=fmt.get("type") in ("json_schema", "json_object"),
        faults=faults,
    )


def _items(answer: Answer, seed: bytes) -> list[dict[str, Any]]:
    """The finished output items: the message (when there is text), then the function calls."""
    items: list[dict[str, Any]] = []
    if answer.content is not None:
        items.append(
            {
                "id": wire.short_id("msg_", seed, "message"),
                "type": "message",
                "role": "assistant",
                "status": "completed",
                "content": [{"type": "output_text", "text": answer.content, "annotations": []}],
            }
        )
    call_ids: list[str] = []
    for index, call in enumerate(answer.calls):
        call_ids.append(wire.openai_call_id(seed, index) if call.reuse_id_of is None else call_ids[call.reuse_id_of])
        items.append(
            {
                "id": wire.short_id("fc_", seed, "call", index),
                "type": "function_call",
                "status": "completed",
                "call_id": call_ids[-1],
                "name": call.name,
                "arguments": call.arguments,
            }
        )
    return items


def _response(body: dict[str, Any], answer: Answer, seed: bytes, *, done: bool) -> dict[str, Any]:
    prompt, completion = prompt_tokens(body), tokens(answer.completion_chars())
    usage = {
        "input_tokens": prompt,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": completion,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": prompt + completion,
    }
    return {
        "id": wire.short_id("resp_", seed, "response"),
        "object": "response",
        "created_at": wire.CREATED,
        "status": "completed" if done else "in_progress",
        "model": body.get("model", "fake-llm"),
        "output": _items(answer, seed) if done else [],
        "usage": usage if done else None,
        "instructions": body.get("instructions"),
        "tools": body.get("tools") or [],
        "tool_choice": body.get("tool_choice", "auto"),
        "parallel_tool_calls": True,
        "text": body.get("text") or {"format": {"type": "text"}},
        "error": None,
        "incomplete_details": None,
        "metadata": {},
        "temperature": 1.0,
        "top_p": 1.0,
    }


def response(body: dict[str, Any], answer: Answer, seed: bytes) -> dict[str, Any]:
    """A finished `response` object."""
    return _response(body, answer, seed, done=True)


def _item_events(item: dict[str, Any], index: int) -> Iterator[dict[str, Any]]:
    at = {"item_id": item["id"], "output_index": index}
    if item["type"] == "function_call":
        yield {
            "type": "response.output_item.added",
            "output_index": index,
            "item": {**item, "arguments": "", "status": "in_progress"},
        }
        for piece in wire.pieces(item["arguments"]):
            yield {"type": "response.function_call_arguments.delta", **at, "delta": piece}
        yield {
            "type": "response.function_call_arguments.done",
            **at,
            "name": item["name"],
            "arguments": item["arguments"],
        }
    else:
        text = item["content"][0]["text"]
        part = {"type": "output_text", "text": "", "annotations": []}
        yield {
            "type": "response.output_item.added",
            "output_index": index,
            "item": {**item, "content": [], "status": "in_progress"},
        }
        yield {"type": "response.content_part.added", **at, "content_index": 0, "part": part}
        for piece in wire.pieces(text):
            yield {
                "type": "response.output_text.delta",
                **at,
                "content_index": 0,
                "delta": piece,
                "logprobs": [],
            }
        yield {"type": "response.output_text.done", **at, "content_index": 0, "text": text, "logprobs": []}
        yield {"type": "response.content_part.done", **at, "content_index": 0, "part": {**part, "text": text}}
    yield {"type": "response.output_item.done", "output_index": index, "item": item}


def events(body: dict[str, Any], answer: Answer, seed: bytes) -> Iterator[dict[str, Any]]:
    """The typed stream events, numbered by `sequence_number`, `response.created` to `response.completed`."""
    started = _response(body, answer, seed, done=False)
    flow: list[dict[str, Any]] = [
        {"type": "response.created", "response": started},
        {"type": "response.in_progress", "response": started},
    ]
    for index, item in enumerate(_items(answer, seed)):
        flow.extend(_item_events(item, index))
    flow.append({"type": "response.completed", "response": response(body, answer, seed)})
    for number, event in enumerate(flow):
        yield {**event, "sequence_number": number}
