"""A release restarts the API processes one at a time (SIGTERM, start, wait for /readyz) and then the worker while
clients keep booking through a round-robin client that retries only refused connections: no request is lost or
fails, and every client message has exactly one stored reply."""

from __future__ import annotations

import threading

import pytest

from horizontal_helpers import EXECUTABLE, postgres_url
from venuedesk.soak import Load, checked, cluster, load, rolling_restart
from venuedesk.soak_slots import SlotPool

pytestmark = pytest.mark.postgres
CLIENTS = 3


def test_a_rolling_restart_under_load_loses_and_fails_no_request() -> None:
    with cluster(EXECUTABLE, postgres_url()) as group:
        restarted = threading.Event()
        outcome: list[Load] = []
        loader = threading.Thread(target=lambda: outcome.append(
            load(group, CLIENTS, SlotPool(), lambda: not restarted.is_set())))
        loader.start()
        try:
            rolling_restart(group)
        finally:
            restarted.set()
            loader.join()
        result = checked(group, outcome[0], 0.0)
    assert result.problems() == []
    assert result.refused_and_retried > 0  # requests did meet a process that was down, and went elsewhere
