"""Provider settings for `run-script --provider NAME [--fake-llm]`: every agent on one provider, optionally
pointed at an in-process fake-llm on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from venuedesk.providers.settings import ProviderSettings

FAKE_KEY = "fake-llm-key"


def settings_for(provider: str, fake_llm_url: str | None = None) -> ProviderSettings:
    """All agents on `provider`; with a fake-llm URL, every vendor's base URL and key point at it (with a timeout
    generous enough that a loaded test machine never turns a slow local answer into a retry)."""
    values: dict[str, object] = {"agent_default_provider": provider}
    if fake_llm_url:
        values.update(openai_base_url=f"{fake_llm_url}/openai/v1", openai_api_key=FAKE_KEY,
                      mistral_server_url=f"{fake_llm_url}/mistral", mistral_api_key=FAKE_KEY,
                      model_timeout_seconds=30.0)
    return ProviderSettings(**values)  # type: ignore[arg-type]


@contextmanager
def fake_llm_server() -> Iterator[str]:
    """An in-process fake-llm on a free loopback port; yields its base URL."""
    from venuedesk.fakellm.server import FakeLLM

    server = FakeLLM(host="127.0.0.1", port=0)
    url = server.start()
    try:
        yield url
    finally:
        server.stop()
