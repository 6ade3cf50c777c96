"""A manager's decision that fails between its effects and its commit leaves the task open and the offer unsent;
the decision retried with its Idempotency-Key is applied once, with one reply for every retry (docs/crashes.md)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from crash_helpers import CATERING, INQUIRY, ROOM, Client, broken_invariants, manager_post, open_tasks, scalar
from venuedesk.process_harness import ApiProcess

pytestmark = pytest.mark.postgres


def test_a_decision_failing_before_its_commit_is_applied_once_when_retried_with_its_key(
    api: Callable[..., ApiProcess], crash_engine: Engine
) -> None:
    server = api(faults="decision.before_commit:raise*1")
    client = Client(server).open()
    for key, words in (("inquiry", INQUIRY), ("room", ROOM), ("catering", CATERING)):
        assert client.post(key, words).status_code == 200  # type: ignore[union-attr]
    [task] = open_tasks(server, client.thread_id)
    replies_before = len(client.view()["replies"])
    approve = f"/api/hil/tasks/{task['task_id']}/approve"

    assert manager_post(server, approve, "approve-1").status_code == 500
    assert [t["task_id"] for t in open_tasks(server, client.thread_id)] == [task["task_id"]]
    assert len(client.view()["replies"]) == replies_before
    assert scalar(crash_engine, "SELECT count(*) FROM inbox WHERE kind = 'hil'") == 0

    first, again = manager_post(server, approve, "approve-1"), manager_post(server, approve, "approve-1")
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json()
    assert open_tasks(server, client.thread_id) == []
    assert len(client.view()["replies"]) == replies_before + 1
    assert scalar(crash_engine, "SELECT count(*) FROM inbox WHERE kind = 'hil'") == 1
    assert scalar(crash_engine, "SELECT count(*) FROM hil_tasks WHERE status = 'approved'") == 1
    assert broken_invariants(crash_engine) == []
