"""One pair of API processes on a fresh PostgreSQL database per test module (skipped without PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from races_helpers import Cluster, cluster


@pytest.fixture(scope="module")
def api() -> Iterator[Cluster]:
    with cluster() as running:
        yield running
