"""The fake's Mistral route, driven by the real mistralai SDK."""

from __future__ import annotations

import json
import re

import pytest
from fakellm_helpers import CHAT_FORMAT, chat_messages, chat_tools, check_args, check_facts

MISTRAL_ID = re.compile(r"^[a-zA-Z0-9]{9}$")


def test_tool_choice_any_gets_a_nine_character_id(mistral_client) -> None:
    reply = mistral_client.chat.complete(
        model="mistral-small-latest", messages=chat_messages(), tools=chat_tools(), tool_choice="any"
    )
    (call,) = reply.choices[0].message.tool_calls
    assert MISTRAL_ID.match(call.id)
    assert call.function.name == "dates_check"
    assert check_args("dates_check", call.function.arguments)["participants"] == 30
    assert reply.choices[0].finish_reason == "tool_calls" and reply.usage.total_tokens > 0


def test_named_tool_choice_and_tool_results(mistral_client) -> None:
    messages = chat_messages()
    first = mistral_client.chat.complete(
        model="m",
        messages=messages,
        tools=chat_tools(),
        tool_choice={"type": "function", "function": {"name": "dates_check"}},
    )
    call = first.choices[0].message.tool_calls[0]
    messages += [
        {"role": "assistant", "content": "", "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "name": call.function.name, "content": "{}"},
    ]
    reply = mistral_client.chat.complete(model="m", messages=messages, response_format=CHAT_FORMAT)
    assert check_facts(reply.choices[0].message.content).participants == 30


def test_stream_gives_the_same_call(mistral_client) -> None:
    plain = mistral_client.chat.complete(
        model="m", messages=chat_messages(), tools=chat_tools(), tool_choice="any"
    )
    events = list(
        mistral_client.chat.stream(model="m", messages=chat_messages(), tools=chat_tools(), tool_choice="any")
    )
    calls = [tc for event in events for choice in event.data.choices for tc in choice.delta.tool_calls or []]
    assert [(c.id, c.function.arguments) for c in calls] == [
        (c.id, c.function.arguments) for c in plain.choices[0].message.tool_calls
    ]
    assert events[-1].data.usage.total_tokens == plain.usage.total_tokens


def test_rate_limit_is_a_mistral_error(mistral_client) -> None:
    errors = pytest.importorskip("mistralai.client.errors")
    with pytest.raises(errors.SDKError) as caught:
        mistral_client.chat.complete(
            model="m", messages=chat_messages(), http_headers={"X-Fake-LLM-Fault": "rate_limit"}
        )
    assert caught.value.status_code == 429
    assert caught.value.raw_response.headers["Retry-After"] == "1"
    assert json.loads(caught.value.body)["object"] == "error"
