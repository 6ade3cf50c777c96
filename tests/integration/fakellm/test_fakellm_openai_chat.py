"""The fake's Chat Completions route, driven by the real openai SDK over loopback."""

from __future__ import annotations

import json
from datetime import date

from fakellm_helpers import CHAT_FORMAT, WORKSHOP, chat_messages, chat_tools, check_args, check_facts

from venuedesk.providers.prompting import RECORD_TOOL

DATES_CHECK = {"type": "function", "function": {"name": "dates_check"}}


def test_structured_output_gives_the_facts_of_the_message(openai_client) -> None:
    reply = openai_client.chat.completions.create(
        model="m", messages=chat_messages(), response_format=CHAT_FORMAT
    )
    facts = check_facts(reply.choices[0].message.content)
    assert facts.dates == [date(2026, 3, 10)]
    assert facts.participants == 30
    assert facts.window is not None and (facts.window.start, facts.window.end) == ("09:00", "17:00")
    assert facts.layout == "workshop"
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage.prompt_tokens > 0 and reply.usage.completion_tokens > 0


def test_json_object_format_also_gives_the_facts(openai_client) -> None:
    reply = openai_client.chat.completions.create(
        model="m", messages=chat_messages(), response_format={"type": "json_object"}
    )
    assert json.loads(reply.choices[0].message.content)["participants"] == 30


def test_named_tool_choice_returns_the_planned_gate_call(openai_client) -> None:
    reply = openai_client.chat.completions.create(
        model="m", messages=chat_messages(), tools=chat_tools(), tool_choice=DATES_CHECK
    )
    (call,) = reply.choices[0].message.tool_calls
    assert call.function.name == "dates_check"
    assert call.id.startswith("call_") and len(call.id) == len("call_") + 24
    args = check_args("dates_check", call.function.arguments)
    assert args["dates"] == ["2026-03-10"] and args["participants"] == 30
    assert (args["start_time"], args["end_time"]) == ("09:00", "17:00")
    assert reply.choices[0].finish_reason == "tool_calls"


def test_named_tool_without_a_plan_is_built_from_the_state(openai_client) -> None:
    messages = chat_messages(
        "could we see the rooms?",
        agent="rooms_agent",
        current_step=3,
        chosen_date="2026-03-10",
        date_confirmed=True,
        requirements={"participants": 30, "start_time": "09:00", "end_time": "17:00"},
    )
    reply = openai_client.chat.completions.create(
        model="m",
        messages=messages,
        tools=chat_tools("rooms_agent"),
        tool_choice={"type": "function", "function": {"name": "rooms_search"}},
    )
    (call,) = reply.choices[0].message.tool_calls
    assert check_args("rooms_search", call.function.arguments)["date"] == "2026-03-10"


def test_a_named_gate_tool_is_the_only_call_even_with_the_record_tool_offered(openai_client) -> None:
    reply = openai_client.chat.completions.create(
        model="m", messages=chat_messages(), tools=chat_tools(record=True), tool_choice=DATES_CHECK
    )
    assert [call.function.name for call in reply.choices[0].message.tool_calls] == ["dates_check"]


def test_a_named_gate_call_takes_its_arguments_from_this_message(openai_client) -> None:
    messages = chat_messages(
        "Actually, could we do 17 March 2026 instead, 10:00-16:00?",
        current_step=2,
        pending_date="2026-03-10",
        requirements={"participants": 30, "start_time": "09:00", "end_time": "17:00"},
    )
    reply = openai_client.chat.completions.create(
        model="m", messages=messages, tools=chat_tools(record=True), tool_choice=DATES_CHECK
    )
    (call,) = reply.choices[0].message.tool_calls
    args = check_args("dates_check", call.function.arguments)
    assert args["dates"] == ["2026-03-17"] and (args["start_time"], args["end_time"]) == ("10:00", "16:00")


def test_record_tool_is_always_called_with_the_facts(openai_client) -> None:
    reply = openai_client.chat.completions.create(
        model="m", messages=chat_messages(), tools=chat_tools(record=True), tool_choice="required"
    )
    calls = {call.function.name: call for call in reply.choices[0].message.tool_calls}
    assert set(calls) == {RECORD_TOOL, "dates_check"}
    assert check_facts(calls[RECORD_TOOL].function.arguments).participants == 30


def test_tool_choice_none_answers_in_text(openai_client) -> None:
    reply = openai_client.chat.completions.create(
        model="m", messages=chat_messages(), tools=chat_tools(), tool_choice="none"
    )
    message = reply.choices[0].message
    assert message.tool_calls is None and "30 participants" in message.content


def test_tool_results_round_trip(openai_client) -> None:
    messages = chat_messages()
    first = openai_client.chat.completions.create(
        model="m", messages=messages, tools=chat_tools(), tool_choice=DATES_CHECK
    )
    call = first.choices[0].message.tool_calls[0]
    messages += [
        first.choices[0].message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": json.dumps({"results": []})},
    ]
    structured = openai_client.chat.completions.create(
        model="m", messages=messages, response_format=CHAT_FORMAT
    )
    assert check_facts(structured.choices[0].message.content).participants == 30
    plain = openai_client.chat.completions.create(model="m", messages=messages, tools=chat_tools())
    assert plain.choices[0].message.tool_calls is None and plain.choices[0].message.content


def test_replies_are_deterministic(openai_client) -> None:
    first, second = (
        openai_client.chat.completions.create(
            model="m", messages=chat_messages(), tools=chat_tools(), tool_choice=DATES_CHECK
        )
        for _ in range(2)
    )
    assert first.model_dump() == second.model_dump()


def test_streaming_assembles_to_the_same_tool_call(openai_client, fake) -> None:
    plain = openai_client.chat.completions.create(
        model="m", messages=chat_messages(), tools=chat_tools(), tool_choice=DATES_CHECK
    )
    stream = openai_client.chat.completions.create(
        model="m",
        messages=chat_messages(),
        tools=chat_tools(),
        tool_choice=DATES_CHECK,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens == plain.usage.total_tokens
    assert chunks[0].choices[0].delta.role == "assistant"
    arguments = "".join(
        tc.function.arguments or "" for c in chunks[:-1] for tc in c.choices[0].delta.tool_calls or []
    )
    ids = [tc.id for c in chunks[:-1] for tc in c.choices[0].delta.tool_calls or [] if tc.id]
    assert ids == [plain.choices[0].message.tool_calls[0].id]
    assert arguments == plain.choices[0].message.tool_calls[0].function.arguments
    assert chunks[-2].choices[0].finish_reason == "tool_calls"


def test_streaming_helper_parses_structured_output(openai_client) -> None:
    with openai_client.chat.completions.stream(
        model="m", messages=chat_messages(), response_format=CHAT_FORMAT
    ) as stream:
        final = stream.get_final_completion()
    assert check_facts(final.choices[0].message.content).dates == [date(2026, 3, 10)]


def test_models_route_answers_the_sdk(openai_client) -> None:
    assert [model.id for model in openai_client.models.list()] == ["fake-llm"]


def test_text_of_content_parts_is_understood(openai_client) -> None:
    messages = chat_messages()
    messages[1] = {"role": "user", "content": [{"type": "text", "text": WORKSHOP}]}
    reply = openai_client.chat.completions.create(model="m", messages=messages, response_format=CHAT_FORMAT)
    assert check_facts(reply.choices[0].message.content).participants == 30


def test_named_record_tool_gives_only_the_facts(openai_client) -> None:
    reply = openai_client.chat.completions.create(
        model="m",
        messages=chat_messages(),
        tools=chat_tools(record=True),
        tool_choice={"type": "function", "function": {"name": RECORD_TOOL}},
    )
    (call,) = reply.choices[0].message.tool_calls
    assert call.function.name == RECORD_TOOL and check_facts(call.function.arguments).layout == "workshop"


def test_required_with_nothing_planned_records_only(openai_client) -> None:
    reply = openai_client.chat.completions.create(
        model="m",
        messages=chat_messages("hello there"),
        tools=chat_tools(record=True),
        tool_choice="required",
    )
    assert [call.function.name for call in reply.choices[0].message.tool_calls] == [RECORD_TOOL]


def test_required_without_buildable_args_answers_text(openai_client) -> None:
    reply = openai_client.chat.completions.create(
        model="m", messages=chat_messages("hello there"), tools=chat_tools(), tool_choice="required"
    )
    assert reply.choices[0].message.tool_calls is None and reply.choices[0].message.content
