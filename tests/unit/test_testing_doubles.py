"""The model test doubles in venuedesk.testing: scripted answers in order, every call recorded, leftovers caught."""

from __future__ import annotations

from typing import Any

import pytest

from venuedesk.agents.specs import DATES, INTAKE
from venuedesk.providers.base import AgentRun, ConversationMessage, ToolSpec
from venuedesk.providers.model_runtime import ModelReply
from venuedesk.testing import FunctionRuntime, RuntimeCall, ScriptedModel, ScriptedRuntime, ScriptExhausted, record
from venuedesk.understanding.model import Understanding

STATE: dict[str, Any] = {"event": {}, "turn_id": "turn-1", "today": "2026-02-02"}
CHECK = ToolSpec("dates_check", "Check a date", {"type": "object", "properties": {}})


def _run(runtime: Any, text: str, spec: Any = INTAKE, tools: list[ToolSpec] | None = None) -> AgentRun:
    return runtime.run(spec, [ConversationMessage("client", text)], STATE, tools or [], "auto", Understanding)


def test_scripted_runtime_answers_in_script_order_and_records_each_call() -> None:
    first, second = Understanding(participants=30), Understanding(participants=40)
    runtime = ScriptedRuntime(AgentRun(output=first), second)
    assert _run(runtime, "one").output == first
    assert _run(runtime, "two", DATES, [CHECK]).output == second
    assert [call.text for call in runtime.calls] == ["one", "two"]
    assert runtime.calls[1].spec is DATES and runtime.calls[1].tool_names == ["dates_check"]
    runtime.assert_complete()


def test_scripted_runtime_raises_a_scripted_exception() -> None:
    runtime = ScriptedRuntime(TimeoutError("the model timed out"))
    with pytest.raises(TimeoutError, match="timed out"):
        _run(runtime, "hi")


def test_scripted_runtime_says_when_the_script_ran_out() -> None:
    runtime = ScriptedRuntime()
    with pytest.raises(ScriptExhausted, match="intake_agent.*'hi'"):
        _run(runtime, "hi")


def test_assert_complete_fails_while_answers_are_unused() -> None:
    runtime = ScriptedRuntime(Understanding(), Understanding())
    _run(runtime, "hi")
    with pytest.raises(AssertionError, match="1 scripted answer"):
        runtime.assert_complete()


def test_function_runtime_lets_a_function_decide_each_answer() -> None:
    def answer(call: RuntimeCall) -> Understanding:
        return Understanding(participants=len(call.text))

    runtime = FunctionRuntime(answer, name="counting")
    assert _run(runtime, "abcd").output == Understanding(participants=4)
    assert runtime.name == "counting" and len(runtime.calls) == 1


def test_scripted_model_records_each_model_call_and_parses_the_recorded_output() -> None:
    model = ScriptedModel(record(Understanding(participants=12)), fallback=ScriptedRuntime())
    run = _run(model, "twelve of us", DATES, [CHECK])
    assert run.output == Understanding(participants=12) and run.usage.model_calls == 1
    assert [tool.name for tool in model.calls[0].tools] == ["dates_check", "record_understanding"]
    model.assert_complete()


def test_scripted_model_uses_its_fallback_when_the_script_is_broken_twice() -> None:
    fallback = ScriptedRuntime(Understanding(participants=7))
    model = ScriptedModel(ModelReply(content="{"), ModelReply(content="{"), fallback=fallback)
    run = _run(model, "seven")
    assert run.output == Understanding(participants=7) and run.usage.fallback
    fallback.assert_complete()
