"""Every golden transcript behaves identically under every model provider, run through its real SDK client
against the local fake-llm: same events turn by turn, same tasks, same footers, every expectation met; a gate
turn forces the gate tool by name on the wire and costs two model calls, any other client message one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from venuedesk.golden.providers_for_scripts import settings_for
from venuedesk.golden.runner import ScriptRun, run_script
from conformance_helpers import (
    SCRIPTS,
    deterministic_events,
    gate_tool_for,
    named_tool,
    requests_by_turn,
    turn_snapshot,
)

PROVIDERS = ["openai_chat", "openai_agents", "mistral", "langchain"]
# Scripts that stand at each gate: dates_check (01, 02, 75), rooms_search (08, 65), offer_compose (14).
GATE_SCRIPTS = [path for path in SCRIPTS if path.stem.startswith(("01_", "02_", "08_", "14_", "65_", "75_"))]


def client_message_calls(run: ScriptRun) -> list[int]:
    """Model calls per client message (manager turns, actions and jobs call no model)."""
    return [turn.model_calls for turn in run.turns if turn.label.startswith("client")]


def counts_file(directory: Path, provider: str, script: Path) -> Path:
    return directory / f"{provider}--{script.stem}.json"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("script", SCRIPTS, ids=[path.stem for path in SCRIPTS])
def test_provider_matches_the_deterministic_run(
    provider: str, script: Path, fake_llm, baseline, call_counts_dir: Path
) -> None:
    run = run_script(script, provider_settings=settings_for(provider, fake_llm.base_url))
    counts_file(call_counts_dir, provider, script).write_text(json.dumps(client_message_calls(run)))
    failures = [f"turn {t.index} ({t.label}): {f}" for t in run.turns for f in t.failures]
    assert not failures, "\n".join(failures)
    expected = deterministic_events(baseline, script)
    for turn, want in zip(run.turns, expected, strict=True):
        assert turn_snapshot(turn) == want, f"turn {turn.index} ({turn.label}) differs under {provider}"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_client_messages_average_at_most_one_and_a_half_model_calls(
    provider: str, fake_llm, call_counts_dir: Path
) -> None:
    counts: list[int] = []
    for script in SCRIPTS:  # the conformance runs' figures; a script another worker has not run yet runs here
        recorded = counts_file(call_counts_dir, provider, script)
        if recorded.exists():
            counts += json.loads(recorded.read_text())
        else:
            counts += client_message_calls(run_script(script, provider_settings=settings_for(provider,
                                                                                         fake_llm.base_url)))
    assert max(counts) <= 2, f"a client message cost {max(counts)} model calls under {provider}"
    assert sum(counts) / len(counts) <= 1.5, f"{sum(counts)} model calls for {len(counts)} messages"


def gate_turns(provider: str, script: Path, fake_llm: Any) -> list[tuple[str | None, list[Any]]]:
    """Per client message: the gate tool the router forces for it (None away from a gate) and its wire requests."""
    fake_llm.recorder.reset()
    run = run_script(script, provider_settings=settings_for(provider, fake_llm.base_url))
    assert not [f for t in run.turns for f in t.failures]
    turns = []
    for turn, requests in zip(run.turns, requests_by_turn(run.turns, fake_llm.recorder.requests), strict=True):
        if turn.label.startswith("client") and requests:
            turns.append((gate_tool_for(requests[0]), requests))
    assert any(gate for gate, _ in turns), f"{script.stem} never stands at a gate"
    return turns


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("script", GATE_SCRIPTS, ids=[path.stem for path in GATE_SCRIPTS])
def test_a_gate_turn_names_the_gate_tool_in_the_vendors_wire_format(provider: str, script: Path, fake_llm) -> None:
    for gate, requests in gate_turns(provider, script, fake_llm):
        assert named_tool(requests[0]) == gate, f"{requests[0].path}: {requests[0].body.get('tool_choice')!r}"
        assert [named_tool(request) for request in requests[1:]] == [None] * (len(requests) - 1)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("script", GATE_SCRIPTS, ids=[path.stem for path in GATE_SCRIPTS])
def test_a_gate_turn_costs_two_model_calls_and_any_other_message_one(
    provider: str, script: Path, fake_llm
) -> None:
    calls = [(gate, len(requests)) for gate, requests in gate_turns(provider, script, fake_llm)]
    assert calls == [(gate, 2 if gate else 1) for gate, _ in calls]


MIXED_SCRIPTS = [path for path in SCRIPTS if path.stem.startswith(("01_", "03_", "10_", "14_", "15_"))]


@pytest.mark.parametrize("script", MIXED_SCRIPTS, ids=[path.stem for path in MIXED_SCRIPTS])
def test_a_mixed_configuration_matches_the_deterministic_run(script: Path, fake_llm, baseline) -> None:
    settings = settings_for("openai_agents", fake_llm.base_url).model_copy(update={
        "agent_intake_provider": "openai_agents", "agent_dates_provider": "openai_agents",
        "agent_rooms_provider": "langchain", "agent_offer_provider": "mistral",
    })
    run = run_script(script, provider_settings=settings)
    failures = [f"turn {t.index} ({t.label}): {f}" for t in run.turns for f in t.failures]
    assert not failures, "\n".join(failures)
    for turn, want in zip(run.turns, deterministic_events(baseline, script), strict=True):
        assert turn_snapshot(turn) == want, f"turn {turn.index} ({turn.label}) differs"
