"""Every golden transcript behaves identically under every model provider, run through its real SDK client
against the local fake-llm: same events turn by turn, same tasks, same footers, every expectation met."""

from __future__ import annotations

from pathlib import Path

import pytest

from venuedesk.golden.providers_for_scripts import settings_for
from venuedesk.golden.runner import run_script
from conformance_helpers import SCRIPTS, deterministic_events, turn_snapshot

PROVIDERS = ["openai_chat", "openai_agents", "mistral", "langchain"]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("script", SCRIPTS, ids=[path.stem for path in SCRIPTS])
def test_provider_matches_the_deterministic_run(provider: str, script: Path, fake_llm, baseline) -> None:
    run = run_script(script, provider_settings=settings_for(provider, fake_llm.base_url))
    failures = [f"turn {t.index} ({t.label}): {f}" for t in run.turns for f in t.failures]
    assert not failures, "\n".join(failures)
    expected = deterministic_events(baseline, script)
    for turn, want in zip(run.turns, expected, strict=True):
        assert turn_snapshot(turn) == want, f"turn {turn.index} ({turn.label}) differs under {provider}"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("script", SCRIPTS[:6], ids=[path.stem for path in SCRIPTS[:6]])
def test_client_turns_cost_one_model_call(provider: str, script: Path, fake_llm) -> None:
    run = run_script(script, provider_settings=settings_for(provider, fake_llm.base_url))
    calls = [turn.model_calls for turn in run.turns if turn.label.startswith(("client", "action"))]
    assert all(count <= 1 for count in calls), calls
    manager_calls = [turn.model_calls for turn in run.turns if turn.label.startswith("manager")]
    assert not any(manager_calls)


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
