"""The fake's Responses route, driven by the real openai SDK (plain, streamed, and the stream helper)."""

from __future__ import annotations

import json

from fakellm_helpers import RESPONSES_FORMAT, WORKSHOP, check_args, check_facts, responses_tools, system_for

FORCED = {"type": "function", "name": "dates_check"}


def test_function_tools_give_the_planned_call(openai_client) -> None:
    reply = openai_client.responses.create(
        model="m", instructions=system_for(), input=WORKSHOP, tools=responses_tools(), tool_choice=FORCED
    )
    (call,) = [item for item in reply.output if item.type == "function_call"]
    assert call.name == "dates_check" and call.call_id.startswith("call_")
    assert check_args("dates_check", call.arguments)["dates"] == ["2026-03-10"]
    assert reply.usage.input_tokens > 0 and reply.status == "completed"


def test_system_item_in_input_carries_the_context(openai_client) -> None:
    reply = openai_client.responses.create(
        model="m",
        input=[{"role": "developer", "content": system_for()}, {"role": "user", "content": WORKSHOP}],
        tools=responses_tools(),
        tool_choice="required",
    )
    assert [item.name for item in reply.output if item.type == "function_call"] == ["dates_check"]


def test_structured_output_and_tool_results_round_trip(openai_client) -> None:
    first = openai_client.responses.create(
        model="m", instructions=system_for(), input=WORKSHOP, tools=responses_tools(), tool_choice=FORCED
    )
    call = first.output[0]
    follow_up = [
        {"role": "user", "content": WORKSHOP},
        {"type": "function_call", "call_id": call.call_id, "name": call.name, "arguments": call.arguments},
        {"type": "function_call_output", "call_id": call.call_id, "output": json.dumps({"results": []})},
    ]
    reply = openai_client.responses.create(
        model="m", instructions=system_for(), input=follow_up, text=RESPONSES_FORMAT
    )
    assert check_facts(reply.output_text).participants == 30


def test_raw_stream_has_the_typed_events(openai_client) -> None:
    events = list(
        openai_client.responses.create(
            model="m",
            instructions=system_for(),
            input=WORKSHOP,
            tools=responses_tools(),
            tool_choice=FORCED,
            stream=True,
        )
    )
    kinds = [event.type for event in events]
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    assert {
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
    } <= set(kinds)
    assert [event.sequence_number for event in events] == list(range(len(events)))
    done = next(event for event in events if event.type == "response.function_call_arguments.done")
    check_args("dates_check", done.arguments)


def test_stream_helper_assembles_function_calls_and_text(openai_client) -> None:
    with openai_client.responses.stream(
        model="m", instructions=system_for(), input=WORKSHOP, tools=responses_tools(), tool_choice=FORCED
    ) as stream:
        final = stream.get_final_response()
    assert [item.name for item in final.output if item.type == "function_call"] == ["dates_check"]
    with openai_client.responses.stream(
        model="m", instructions=system_for(), input=WORKSHOP, text=RESPONSES_FORMAT
    ) as stream:
        kinds = {event.type for event in stream}
        final = stream.get_final_response()
    assert {"response.output_text.delta", "response.output_text.done"} <= kinds
    assert check_facts(final.output_text).layout == "workshop"
