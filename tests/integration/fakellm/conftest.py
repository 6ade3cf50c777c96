"""Fake-llm fixtures: one loopback server per session, reset before each test, and the real SDK clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakellm_helpers import HANG_SECONDS

from venuedesk.fakellm import FakeLLM


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeLLM]:
    with FakeLLM(hang_seconds=HANG_SECONDS) as server:
        yield server


@pytest.fixture
def fake(fake_server: FakeLLM) -> FakeLLM:
    """The session's fake, with no recordings and no server faults."""
    fake_server.reset()
    return fake_server


@pytest.fixture
def openai_client(fake: FakeLLM):  # noqa: ANN201 - openai is a test-only dependency
    openai = pytest.importorskip("openai")
    return openai.OpenAI(base_url=f"{fake.base_url}/openai/v1", api_key="test", max_retries=0, timeout=10)


@pytest.fixture
def mistral_client(fake: FakeLLM):  # noqa: ANN201
    client = pytest.importorskip("mistralai.client")
    return client.Mistral(api_key="test", server_url=f"{fake.base_url}/mistral", timeout_ms=10_000)
