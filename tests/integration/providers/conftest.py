"""Provider-adapter fixtures: one in-process fake-llm per session, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapter_helpers import BUILT
from venuedesk.fakellm import FakeLLM
from venuedesk.providers.base import close_runtime


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


@pytest.fixture(autouse=True)
def _close_built_runtimes() -> Iterator[None]:
    """Close every runtime a test built with `adapter_helpers.runtime` (its SDK clients and their connections)."""
    yield
    while BUILT:
        close_runtime(BUILT.pop())
