"""A worker killed in the middle of a job: the job is re-queued after the lease (the stalled_jobs reaper) and
finalised once, its unit is done once, and a mail that had left before the kill is sent again with the same
Message-ID, so a receiver that deduplicates by Message-ID shows it once (docs/crashes.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from crash_helpers import (
    CATERING,
    INBOUND_SECRET,
    INQUIRY,
    REMINDER,
    ROOM,
    Client,
    MailSink,
    broken_invariants,
    doing_jobs,
    end_stalled_jobs,
    jobs_not_finalised_once,
    later,
    mail_env,
    post_mail,
    restart,
    rows,
    scalar,
    wait_for,
)
from venuedesk.process_harness import ApiProcess, WorkerProcess

pytestmark = pytest.mark.postgres
POINT = "job.after_effect_before_finalise"
MAIL = "Hello, we would like a workshop for 30 people in March, ideally a Tuesday, 9 to 5."


def _final(engine: Engine, job_ids: list[int]) -> list[str]:
    return [row.status for row in rows(engine, "SELECT status FROM procrastinate_jobs WHERE id = ANY(:ids)",
                                       ids=job_ids)]


def test_a_worker_killed_between_a_mail_and_its_record_resends_it_with_the_same_message_id_once_leased_out(
    api: Callable[..., ApiProcess], worker: Callable[..., WorkerProcess], crash_engine: Engine, tmp_path: Path
) -> None:
    server = api(VENUEDESK_INBOUND_SECRET=INBOUND_SECRET)
    assert post_mail(server, "w1@example.com", MAIL)["status"] == "accepted"
    assert scalar(crash_engine, "SELECT count(*) FROM outbox WHERE channel = 'email'") == 1
    marker = tmp_path / "paused"
    with MailSink() as sink:
        doomed = worker(faults=f"{POINT}@outbox_delivery:pause={marker}*1", **mail_env(sink))
        wait_for(marker.exists, "the mail to be sent and the worker to pause before marking it", doomed)
        stalled = doing_jobs(crash_engine)
        doomed.kill()
        assert len(sink.message_ids) == 1 and len(stalled) == 1
        assert scalar(crash_engine, "SELECT count(*) FROM outbox WHERE status = 'sent'") == 0

        doomed.env["VENUEDESK_CLOCK"] = later(timedelta(minutes=11))  # the mail's 10-minute send lease ran out
        restart(doomed)
        wait_for(lambda: scalar(crash_engine, "SELECT count(*) FROM outbox WHERE status <> 'sent'") == 0,
                 "the mail to be sent again and marked sent", doomed)
        end_stalled_jobs(crash_engine, stalled, doomed)

    assert sink.message_ids == [sink.message_ids[0]] * 2
    assert sink.deduplicated() == [sink.message_ids[0]]
    assert _final(crash_engine, stalled)[0] in ("succeeded", "failed")
    assert jobs_not_finalised_once(crash_engine) == []
    assert broken_invariants(crash_engine) == []


def test_a_worker_killed_in_a_reminder_unit_before_its_commit_sends_the_reminder_once_after_restart(
    api: Callable[..., ApiProcess], worker: Callable[..., WorkerProcess], crash_engine: Engine
) -> None:
    server = api()
    client = Client(server).open()
    for key, words in (("inquiry", INQUIRY), ("room", ROOM), ("catering", CATERING)):
        assert client.post(key, words).status_code == 200  # type: ignore[union-attr]
    doomed = worker(faults=f"{POINT}@hil_reminder:kill*1", VENUEDESK_CLOCK=later(timedelta(hours=25)))
    wait_for(lambda: not doomed.running(), "the worker to die in the reminder unit", doomed)
    stalled = doing_jobs(crash_engine)
    assert len(stalled) == 1
    assert scalar(crash_engine, "SELECT count(*) FROM hil_tasks WHERE reminded_at IS NOT NULL") == 0

    restart(doomed)
    wait_for(lambda: scalar(crash_engine, "SELECT count(*) FROM hil_tasks WHERE reminded_at IS NULL") == 0,
             "the reminder to be sent", doomed)
    end_stalled_jobs(crash_engine, stalled, doomed)

    reminders = scalar(crash_engine, "SELECT count(*) FROM messages WHERE role <> 'client' AND text LIKE :p",
                       p=f"%{REMINDER}%")
    assert reminders == 1
    assert _final(crash_engine, stalled)[0] in ("succeeded", "failed")
    assert jobs_not_finalised_once(crash_engine) == []
    assert broken_invariants(crash_engine) == []
