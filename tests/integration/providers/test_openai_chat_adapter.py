"""The `openai_chat` adapter through the real openai SDK against the local fake-llm's Chat Completions route: a gate
tool named by tool_choice is forced by name, and the structured output comes in a second call."""

from __future__ import annotations

import adapter_contract as contract
import pytest
from adapter_helpers import settings

from venuedesk.fakellm import FakeLLM
from venuedesk.providers.prompting import RECORD_TOOL

pytest.importorskip("openai")

PATH = "/openai/v1/chat/completions"


def test_golden_script_matches_the_deterministic_run(llm: FakeLLM) -> None:
    contract.check_golden(llm, settings("openai_chat", llm.base_url), "01_happy_path_en", PATH)


def test_a_gate_tool_named_by_tool_choice_is_sent_as_a_function_choice(llm: FakeLLM) -> None:
    contract.check_named_gate_tool_then_record(llm, settings("openai_chat", llm.base_url))
    first, second = (request.body for request in llm.requests)
    assert first["tool_choice"] == {"type": "function", "function": {"name": "dates_check"}}
    assert [tool["function"]["name"] for tool in first["tools"]] == ["dates_check", "dates_propose", RECORD_TOOL]
    assert "tools" not in second and second["response_format"]["type"] == "json_schema"


def test_the_gate_result_goes_back_by_tool_call_id(llm: FakeLLM) -> None:
    calls = contract.check_named_gate_tool_then_record(llm, settings("openai_chat", llm.base_url))
    messages = llm.requests[1].body["messages"]
    assistant = next(m for m in messages if m["role"] == "assistant")
    tool = next(m for m in messages if m["role"] == "tool")
    assert [call["id"] for call in assistant["tool_calls"]] == [calls[0].id] == [tool["tool_call_id"]]
