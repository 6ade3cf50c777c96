"""One fake-llm for the whole conformance run, and the deterministic baseline of every golden transcript."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from venuedesk.fakellm import FakeLLM

@pytest.fixture(scope="session")
def fake_llm() -> Iterator[FakeLLM]:
    server = FakeLLM(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def baseline() -> dict[str, list[dict[str, Any]]]:
    """Per script, the deterministic provider's turn-by-turn events (computed lazily, once)."""
    return {}


