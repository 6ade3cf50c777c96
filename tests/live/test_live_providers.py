"""Live smoke tests against the real vendor APIs: run only with VENUEDESK_LIVE_TESTS=1 and that vendor's key.

They never run in CI (no key, no internet). Each plays the everything-in-one-message transcript, which checks
the offer total of docs/venue.md's worked example, on one provider.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from venuedesk.golden.runner import run_script
from venuedesk.providers.settings import ProviderSettings

SCRIPT = Path(__file__).parents[1] / "golden" / "scripts" / "03_everything_in_first_message.yaml"
KEYS = {
    "openai_chat": ("VENUEDESK_OPENAI_API_KEY", "OPENAI_API_KEY"),
    "openai_agents": ("VENUEDESK_OPENAI_API_KEY", "OPENAI_API_KEY"),
    "langchain": ("VENUEDESK_OPENAI_API_KEY", "OPENAI_API_KEY"),
    "mistral": ("VENUEDESK_MISTRAL_API_KEY", "MISTRAL_API_KEY"),
}


def _skip_reason(provider: str) -> str | None:
    if os.environ.get("VENUEDESK_LIVE_TESTS") != "1":
        return "live tests run only with VENUEDESK_LIVE_TESTS=1"
    if not any(os.environ.get(name) for name in KEYS[provider]):
        return f"live {provider} test needs {' or '.join(KEYS[provider])}"
    return None


@pytest.mark.parametrize("provider", sorted(KEYS))
def test_live_provider_reaches_the_worked_example_offer(provider: str) -> None:
    reason = _skip_reason(provider)
    if reason:
        pytest.skip(reason)
    run = run_script(SCRIPT, provider_settings=ProviderSettings(agent_default_provider=provider))
    failures = [f"turn {t.index}: {f}" for t in run.turns for f in t.failures]
    assert not failures, "\n".join(failures)
