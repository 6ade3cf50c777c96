"""Provider-adapter fixtures: one in-process fake-llm per session, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from venuedesk.fakellm import FakeLLM


@pytest.fixture(scope="session")
def llm_server() -> Iterator[FakeLLM]:
    with FakeLLM(hang_seconds=1.0) as server:
        yield server


@pytest.fixture
def llm(llm_server: FakeLLM) -> Iterator[FakeLLM]:
    """The session's fake with no recordings and no faults, and disarmed again after the test."""
    llm_server.reset()
    yield llm_server
    llm_server.reset()
