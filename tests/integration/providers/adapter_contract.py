"""What every model adapter must do against the fake-llm; each adapter's test module runs these checks."""

from __future__ import annotations

import time
from typing import Any

from adapter_helpers import (
    Sleeps,
    assert_like_deterministic,
    deterministic_facts,
    play,
    run_dates_agent,
    runtime,
)
from venuedesk.golden.runner import ScriptRun

from venuedesk.fakellm import FakeLLM
from venuedesk.providers.backoff import Backoff
from venuedesk.providers.base import ProposedToolCall
from venuedesk.providers.prompting import RECORD_TOOL
from venuedesk.providers.settings import ProviderSettings

EVERYTHING = "03_everything_in_first_message"


def named_tool(request: Any) -> str | None:
    """The tool a request's `tool_choice` names in its vendor's wire format, or None when it names none."""
    raw = request.body.get("tool_choice")
    if not isinstance(raw, dict):
        return None
    assert raw.get("type") == "function", raw
    return str(raw["name"] if request.path.endswith("/responses") else raw["function"]["name"])


def client_calls_fit_the_gates(run: ScriptRun, requests: list[Any]) -> None:
    """A client message costs one model call, or two when its first request forces a gate tool by name."""
    start = 0
    for turn in run.turns:
        mine, start = requests[start:start + turn.model_calls], start + turn.model_calls
        if turn.label.startswith("client") and mine:
            assert len(mine) == (2 if named_tool(mine[0]) else 1), f"turn {turn.index}: {len(mine)} model calls"


def check_golden(llm: FakeLLM, settings: ProviderSettings, name: str, path: str) -> None:
    """Same event after every turn as the deterministic run, one model call per client turn (two at a gate), all
    on `path`."""
    run = play(name, settings)
    assert_like_deterministic(run, name)
    client_calls_fit_the_gates(run, llm.requests)
    assert llm.recorder.counts() == {path: sum(turn.model_calls for turn in run.turns)}
    assert all(not request.faults for request in llm.requests)


def check_named_gate_tool_then_record(llm: FakeLLM, settings: ProviderSettings) -> list[ProposedToolCall]:
    """A gate tool forced by name is the first call's only tool call; its result goes back by call id and the
    second call records the facts. Returns the proposed calls."""
    ran: list[ProposedToolCall] = []
    run = run_dates_agent(runtime(settings), tool_choice="dates_check", ran=ran)
    assert run.usage.model_calls == 2 == len(llm.requests) and not run.usage.failed and not run.usage.fallback
    assert [named_tool(request) for request in llm.requests] == ["dates_check", None]
    assert [call.name for call in run.tool_calls] == ["dates_check"] == [call.name for call in ran]
    assert ran[0].id == run.tool_calls[0].id
    assert run.output is not None and run.output.participants == 30
    return run.tool_calls


def check_gate_call_and_record(llm: FakeLLM, settings: ProviderSettings) -> list[ProposedToolCall]:
    """One call gives the gate tool's call and the recorded facts; returns the proposed calls."""
    run = run_dates_agent(runtime(settings))
    assert run.usage.model_calls == 1 and not run.usage.failed and not run.usage.fallback
    assert run.usage.input_tokens == llm.requests[0].prompt_tokens > 0
    assert run.usage.output_tokens == llm.requests[0].completion_tokens > 0
    assert run.output is not None and run.output.participants == 30
    assert [call.name for call in run.tool_calls] == ["dates_check"]
    return run.tool_calls


def check_tool_results_echo_call_ids(llm: FakeLLM, settings: ProviderSettings) -> list[dict[str, Any]]:
    """A model that calls tools without recording gets their results back by `tool_call_id`, then records."""
    llm.set_faults(["ignore_tool_choice"], count=1)
    ran: list[ProposedToolCall] = []
    run = run_dates_agent(runtime(settings), tool_choice="auto", ran=ran)
    assert run.usage.model_calls == 2 and run.output is not None and run.output.participants == 30
    assert [call.name for call in ran] == ["dates_check"]
    messages = llm.requests[1].body["messages"]
    assistant = next(m for m in messages if m["role"] == "assistant")
    tool = next(m for m in messages if m["role"] == "tool")
    assert [call["id"] for call in assistant["tool_calls"]] == [ran[0].id] == [tool["tool_call_id"]]
    assert tool.get("name", "dates_check") == "dates_check"
    assert RECORD_TOOL not in {call.name for call in run.tool_calls}
    return messages


def check_rate_limit_retried(llm: FakeLLM, settings: ProviderSettings) -> None:
    """A 429 is retried after the server's Retry-After (1 s) and the turn ends as in the deterministic run."""
    llm.set_faults(["rate_limit"], count=1)
    sleeps = Sleeps()
    run = play(EVERYTHING, settings, Backoff(sleep=sleeps))
    assert_like_deterministic(run, EVERYTHING)
    assert sleeps.waits == [1.0] and run.turns[0].model_calls == 2


def check_server_errors_fall_back(llm: FakeLLM, settings: ProviderSettings) -> None:
    """5xx on every try: bounded retries, then the deterministic provider completes the run and the turn."""
    llm.set_faults(["server_error"])
    sleeps = Sleeps()
    run = run_dates_agent(runtime(settings, sleeps))
    assert run.usage.failed and run.usage.model_calls == 3 and len(sleeps.waits) == 2
    assert run.output == deterministic_facts()
    script = play(EVERYTHING, settings, Backoff(sleep=Sleeps()))
    assert_like_deterministic(script, EVERYTHING)
    assert script.turns[0].reply is not None and script.turns[0].reply.body_markdown


def check_hang_times_out_and_falls_back(llm: FakeLLM, settings: ProviderSettings) -> None:
    """A model that never answers hits the client timeout on each try, then the fallback takes over."""
    llm.set_faults(["hang"], hang_seconds=1.5)
    started = time.monotonic()
    run = run_dates_agent(runtime(settings))
    assert time.monotonic() - started < 3.0
    assert run.usage.failed and run.usage.model_calls == 3 == len(llm.requests)
    assert run.output == deterministic_facts()


def check_invalid_output_repaired(llm: FakeLLM, settings: ProviderSettings) -> None:
    """Output that fails its schema once gets exactly one repair call, which succeeds."""
    llm.set_faults(["invalid_output"], count=1)
    run = run_dates_agent(runtime(settings))
    assert run.usage.model_calls == 2 and not run.usage.fallback and not run.usage.failed
    assert run.output is not None and run.output.participants == 30
    assert "response_format" in llm.requests[1].body and "tools" not in llm.requests[1].body


def check_invalid_output_always_uses_deterministic_facts(llm: FakeLLM, settings: ProviderSettings) -> None:
    """Output that fails its schema and its repair: the deterministic understanding is used."""
    llm.set_faults(["invalid_output"])
    run = run_dates_agent(runtime(settings))
    assert run.usage.model_calls == 2 and run.usage.fallback and not run.usage.failed
    assert run.output == deterministic_facts()


def check_malformed_body_retried(llm: FakeLLM, settings: ProviderSettings) -> None:
    """A truncated 200 body is transient: retried once, and the retry's answer is used."""
    llm.set_faults(["malformed_body"], count=1)
    sleeps = Sleeps()
    run = run_dates_agent(runtime(settings, sleeps))
    assert run.usage.model_calls == 2 and len(sleeps.waits) == 1 and not run.usage.failed
    assert run.output is not None and run.output.participants == 30
