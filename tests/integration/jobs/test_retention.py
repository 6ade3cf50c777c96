"""Job `retention` (docs/privacy.md): a booking that ended over VENUEDESK_RETENTION_DAYS ago is anonymised (its
ChatKit items and mail files on disk go too), a recent one and any booking while retention is off are not."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from event_status import set_event_status
from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.retention import RETENTION_ENV, count_due
from venuedesk.jobs.scheduler import run_job
from venuedesk.store.chatkit_models import ChatKitAttachmentRow, ChatKitItemRow, ChatKitThreadRow
from venuedesk.transports.mail.attachments import delete_thread_attachments, thread_folder
from venuedesk.workflow.desk import Desk

INQUIRY = "Hi, Annelie Brunnschweiler here (annelie@brunnschweiler.ch): a workshop for 30 people on 10 March 2026."


def _lost(desk: Desk) -> str:
    """A thread whose inquiry was lost at the clock's now."""
    thread_id = desk.open_thread().thread_id
    desk.handle_message(thread_id, INQUIRY)
    set_event_status(desk, thread_id, "Lost")
    return thread_id


def test_a_booking_lost_longer_ago_than_the_period_is_anonymised(
    desk: Desk, deps: JobDeps, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread_id = _lost(desk)
    monkeypatch.setenv(RETENTION_ENV, "30")
    clock.advance(timedelta(days=31))
    assert run_job(deps, clock, "retention").done == 1
    view = desk.event_view(thread_id)
    assert view is not None and view["client_email"] is None and view["status"] == "Lost"
    assert [entry["actor"] for entry in view["audit"] if entry["kind"] == "privacy"] == ["retention"]
    assert count_due(deps, clock) == 0, "an anonymised thread waits another period"


def test_a_recent_loss_is_kept(desk: Desk, deps: JobDeps, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    _lost(desk)
    monkeypatch.setenv(RETENTION_ENV, "30")
    clock.advance(timedelta(days=29))
    assert count_due(deps, clock) == 0


def test_without_a_period_nothing_is_anonymised(
    desk: Desk, deps: JobDeps, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread_id = _lost(desk)
    monkeypatch.delenv(RETENTION_ENV, raising=False)
    clock.advance(timedelta(days=3650))
    assert count_due(deps, clock) == 0 and run_job(deps, clock, "retention").done == 0
    view = desk.event_view(thread_id)
    assert view is not None and view["client_email"] == "annelie@brunnschweiler.ch"


def _chatkit_and_files(desk: Desk, thread_id: str, home: Path) -> None:
    """The thread's ChatKit view (thread, an item, an attachment record) and a mailed file kept on disk."""
    with desk.uow() as uow:
        now = uow.now()
        uow.session.add(ChatKitThreadRow(id=thread_id, data={"title": "Annelie Brunnschweiler"}, created_at=now))
        uow.session.flush()
        uow.session.add(ChatKitItemRow(thread_id=thread_id, item_id="it_1", type="user_message", source_seq=1,
                                       data={"content": INQUIRY}, created_at=now))
        uow.session.add(ChatKitAttachmentRow(id="att_1", owner_thread_id=thread_id, data={"name": "brunnschweiler.pdf"},
                                             created_at=now))
        uow.commit()
    folder = thread_folder(home, thread_id)
    folder.mkdir(parents=True)
    (folder / "brunnschweiler.pdf").write_text("Annelie Brunnschweiler, Seefeldstrasse 123")


def test_an_expired_booking_loses_its_chatkit_view_and_its_files_on_disk(
    desk: Desk, deps: JobDeps, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    thread_id = _lost(desk)
    _chatkit_and_files(desk, thread_id, home)
    monkeypatch.setenv(RETENTION_ENV, "30")
    clock.advance(timedelta(days=31))
    assert run_job(replace(deps, forget_files=partial(delete_thread_attachments, home)), clock, "retention").done == 1
    with desk.uow() as uow:
        left = [uow.session.scalar(select(func.count()).select_from(table))
                for table in (ChatKitThreadRow, ChatKitItemRow, ChatKitAttachmentRow)]
    assert left == [0, 0, 0]
    kept = [path for path in (home / "attachments").rglob("*") if path.is_file()]
    assert kept == [] and not thread_folder(home, thread_id).exists()
