"""The chaos matrix (`make chaos`, outside the normal run: VENUEDESK_CHAOS=1): every fault point × `kill` and
`raise`, for a client turn, a manager decision and each job with a point, each on a fresh database and checked
for the crash guarantees of docs/crashes.md."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from crash_helpers import (
    BOOKING,
    CATERING,
    INBOUND_SECRET,
    REMINDER,
    Client,
    MailSink,
    PushCalendar,
    broken_invariants,
    doing_jobs,
    end_stalled_jobs,
    jobs_not_finalised_once,
    later,
    mail_env,
    manager_post,
    open_tasks,
    post_mail,
    restart,
    rows,
    scalar,
    wait_for,
)
from venuedesk.process_harness import ApiProcess, WorkerProcess

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.chaos,
    pytest.mark.skipif(os.environ.get("VENUEDESK_CHAOS") != "1", reason="the chaos matrix runs with `make chaos`"),
]
ACTIONS = ("kill", "raise")
JOBS = ("hil_reminder", "outbox_delivery", "outbox_delivery/mail-first", "manager_notify", "manager_digest")
MAIL = "Hello, we would like a workshop for 30 people in March, ideally a Tuesday, 9 to 5."
MANAGER = "manager@venue.example"


def _failed_or_died(server: ApiProcess, response: object, action: str) -> None:
    """The request hit its fault: the connection broke and the process died (kill), or it was a 500 (raise)."""
    if action == "kill":
        assert response is None
        wait_for(lambda: not server.running(), "the process to die at the fault point", server)
        restart(server)
    else:
        assert getattr(response, "status_code", None) == 500


@pytest.mark.parametrize("action", ACTIONS)
def test_a_turn_hit_at_its_fault_point_is_answered_once_when_retried(
    api: Callable[..., ApiProcess], crash_engine: Engine, action: str
) -> None:
    server = api(faults=f"turn.after_tools_before_commit:{action}*1")
    client = Client(server).open()
    _failed_or_died(server, client.post("booking", BOOKING), action)
    assert rows(crash_engine, "SELECT room_id FROM room_bookings") == []

    first, again = client.post("booking", BOOKING), client.post("booking", BOOKING)
    assert first is not None and again is not None and first.json() == again.json()
    assert rows(crash_engine, "SELECT room_id, status FROM room_bookings") == [("room-b", "Option")]
    assert client.view()["replies"] == [first.json()]
    assert broken_invariants(crash_engine) == []


@pytest.mark.parametrize("action", ACTIONS)
def test_a_decision_hit_at_its_fault_point_is_applied_once_when_retried(
    api: Callable[..., ApiProcess], crash_engine: Engine, action: str
) -> None:
    server = api(faults=f"decision.before_commit:{action}*1")
    client = Client(server).open()
    for key, words in (("booking", BOOKING), ("catering", CATERING)):
        assert client.post(key, words).status_code == 200  # type: ignore[union-attr]
    [task] = open_tasks(server, client.thread_id)
    approve = f"/api/hil/tasks/{task['task_id']}/approve"
    try:
        response: object = manager_post(server, approve, "approve-1")
    except Exception:  # the connection broke: the process died at the point
        response = None
    _failed_or_died(server, response, action)
    assert len(open_tasks(server, client.thread_id)) == 1

    first, again = manager_post(server, approve, "approve-1"), manager_post(server, approve, "approve-1")
    assert (first.status_code, again.status_code) == (200, 200) and first.json() == again.json()
    assert scalar(crash_engine, "SELECT count(*) FROM inbox WHERE kind = 'hil'") == 1
    assert open_tasks(server, client.thread_id) == []
    assert broken_invariants(crash_engine) == []


def _hit_and_killed(hit: WorkerProcess, job: str, action: str) -> None:
    """Wait until the worker died at the job's fault point (kill) or raised there (raise), then kill -9 it."""
    if action == "kill":
        wait_for(lambda: not hit.running(), f"the worker to die in {job}", hit)
    else:
        wait_for(lambda: "fault injected at" in hit.log_path.read_text(errors="replace"),
                 f"the fault to be raised in {job}", hit)
    hit.kill()


def _settled(engine: Engine) -> bool:
    """Every reply delivered, every task reminded and mailed, today's digest claimed."""
    return scalar(engine, """
        SELECT (SELECT count(*) FROM outbox WHERE status <> 'sent')
             + (SELECT count(*) FROM hil_tasks WHERE status = 'open' AND (reminded_at IS NULL OR notified_at IS NULL))
             + (SELECT count(*) FROM (SELECT 1) AS one
                WHERE NOT EXISTS (SELECT 1 FROM job_marks WHERE name = 'manager_digest'))""") == 0


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("job", JOBS)
def test_a_job_hit_at_its_fault_point_does_its_work_once_and_each_job_is_finalised_once(
    api: Callable[..., ApiProcess], worker: Callable[..., WorkerProcess], crash_engine: Engine, job: str,
    action: str,
) -> None:
    server = api(VENUEDESK_INBOUND_SECRET=INBOUND_SECRET)
    if job.endswith("mail-first"):
        post_mail(server, "w1@example.com", MAIL)
    client = Client(server).open()
    for key, words in (("booking", BOOKING), ("catering", CATERING)):
        assert client.post(key, words).status_code == 200  # type: ignore[union-attr]
    if not job.endswith("mail-first"):
        post_mail(server, "w1@example.com", MAIL)
    subject = job.split("/")[0]
    with MailSink() as sink:
        env = mail_env(sink, VENUEDESK_MANAGER_EMAIL=MANAGER, VENUEDESK_CLOCK=later(timedelta(hours=25)))
        hit = worker(faults=f"job.after_effect_before_finalise@{subject}:{action}*1", **env)
        _hit_and_killed(hit, subject, action)
        stalled = doing_jobs(crash_engine)
        hit.env["VENUEDESK_CLOCK"] = later(timedelta(hours=25, minutes=11))  # every send lease has run out
        restart(hit)
        wait_for(lambda: _settled(crash_engine), "every reply, reminder, notice and digest", hit)
        end_stalled_jobs(crash_engine, stalled, hit)

    email_rows = scalar(crash_engine, "SELECT count(*) FROM outbox WHERE channel = 'email'")
    tasks = scalar(crash_engine, "SELECT count(*) FROM hil_tasks")
    assert len(sink.deduplicated()) == email_rows + tasks + 1  # each reply, each task's notice, one digest
    assert scalar(crash_engine, "SELECT count(*) FROM messages WHERE text LIKE :p", p=f"%{REMINDER}%") == 1
    assert jobs_not_finalised_once(crash_engine) == []
    assert broken_invariants(crash_engine) == []


@pytest.mark.parametrize("action", ACTIONS)
def test_a_calendar_push_hit_at_its_fault_point_leaves_one_entry_and_each_job_is_finalised_once(
    api: Callable[..., ApiProcess], worker: Callable[..., WorkerProcess], crash_engine: Engine, tmp_path: Path,
    action: str,
) -> None:
    recorded = "SELECT count(*) FROM calendar_pushes WHERE pushed_at IS NOT NULL"
    with PushCalendar(tmp_path / "push") as calendar:
        client = Client(api(**calendar.env())).open()
        assert client.post("booking", BOOKING).status_code == 200  # type: ignore[union-attr]
        hit = worker(faults=f"job.after_effect_before_finalise@calendar_push:{action}*1", **calendar.env())
        _hit_and_killed(hit, "calendar_push", action)
        stalled = doing_jobs(crash_engine)
        assert len(calendar.uids()) == 1 and scalar(crash_engine, recorded) == 0  # written, not recorded

        hit.env["VENUEDESK_CLOCK"] = later(timedelta(minutes=6))  # the 5-minute write lease has run out
        restart(hit)
        wait_for(lambda: scalar(crash_engine, recorded) == 1, "the entry to be written again and recorded", hit)
        end_stalled_jobs(crash_engine, stalled, hit)
        [pushed] = rows(crash_engine, "SELECT uid, state, sequence FROM calendar_pushes")
        assert calendar.uids() == [pushed.uid]
    assert (pushed.state, pushed.sequence) == ("tentative", 0)
    assert scalar(crash_engine, "SELECT count(*) FROM calendar_pushes") == 1
    assert jobs_not_finalised_once(crash_engine) == []
    assert broken_invariants(crash_engine) == []
