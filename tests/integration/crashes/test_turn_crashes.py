"""An API process that dies in the middle of a client turn (killed at the point between the turn's tools and its
commit, or `kill -9` from outside while the turn waits there) leaves nothing of the turn behind, and after a
restart the message retried with its Idempotency-Key is answered exactly once: the same reply on every retry
(docs/crashes.md)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from crash_helpers import BOOKING, Client, broken_invariants, restart, rows, scalar, wait_for
from venuedesk.process_harness import ApiProcess

pytestmark = pytest.mark.postgres
POINT = "turn.after_tools_before_commit"


def _answers(engine: Engine, thread_id: str, key: str) -> int:
    return scalar(engine, "SELECT count(*) FROM inbox WHERE thread_id = :t AND idem_key = :k",
                  t=thread_id, k=f"client:{key}")


def test_a_turn_killed_before_its_commit_leaves_no_hold_and_its_retry_is_answered_once(
    api: Callable[..., ApiProcess], crash_engine: Engine
) -> None:
    server = api(faults=f"{POINT}:kill*1")
    client = Client(server).open()

    assert client.post("booking", BOOKING) is None
    wait_for(lambda: not server.running(), "the process to die at the fault point", server)
    assert rows(crash_engine, "SELECT room_id FROM room_bookings") == []
    assert _answers(crash_engine, client.thread_id, "booking") == 0
    assert broken_invariants(crash_engine) == []

    restart(server)
    first, again = client.post("booking", BOOKING), client.post("booking", BOOKING)
    assert first is not None and again is not None
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json()
    assert rows(crash_engine, "SELECT room_id, status FROM room_bookings") == [("room-b", "Option")]
    assert _answers(crash_engine, client.thread_id, "booking") == 1
    assert client.view()["replies"] == [first.json()]
    assert broken_invariants(crash_engine) == []


def test_a_server_killed_by_sigkill_mid_turn_answers_the_retried_message_once_after_restart(
    api: Callable[..., ApiProcess], crash_engine: Engine, tmp_path: Path
) -> None:
    marker = tmp_path / "paused"
    server = api(faults=f"{POINT}:pause={marker}*1")
    client = Client(server).open()
    outcome: list[httpx.Response | None] = []
    request = threading.Thread(target=lambda: outcome.append(client.post("booking", BOOKING)))
    request.start()
    wait_for(marker.exists, "the turn to reach the point before its commit", server)
    server.kill()
    request.join(30)
    assert outcome == [None]
    assert _answers(crash_engine, client.thread_id, "booking") == 0
    assert scalar(crash_engine, "SELECT count(*) FROM messages") == 0
    assert rows(crash_engine, "SELECT room_id FROM room_bookings") == []

    restart(server)
    first, again = client.post("booking", BOOKING), client.post("booking", BOOKING)
    assert first is not None and again is not None
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json()
    assert _answers(crash_engine, client.thread_id, "booking") == 1
    assert scalar(crash_engine, "SELECT count(*) FROM messages WHERE role = 'client'") == 1
    assert rows(crash_engine, "SELECT room_id, status FROM room_bookings") == [("room-b", "Option")]
    assert broken_invariants(crash_engine) == []
