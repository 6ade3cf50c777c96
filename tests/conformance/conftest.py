"""One fake-llm for the whole conformance run, and the deterministic baseline of every golden transcript."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
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




@pytest.fixture(scope="session")
def call_counts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each provider run of a golden transcript leaves its model calls per client message; under xdist the
    directory is the session's shared one, so the budget test reads the runs every worker made."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    directory = root / "conformance-model-calls"
    directory.mkdir(exist_ok=True)
    return directory
