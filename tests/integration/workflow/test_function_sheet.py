"""Function sheets through the real workflow (docs/documents.md "Function sheet"): version 1 at the manager's
confirmation, its PDF rendered once by the job with the room, head count and catering counts in the text (English
and German: the venue's language), A4 pages; a change after confirmation makes version 2 with the change marked and
leaves version 1 as it was; a repeated approval or a message that changes nothing adds no version."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from confirmed_booking import confirm_booking
from venuedesk.jobs.base import deps_for_engine
from venuedesk.jobs.function_sheet_pdf import count_due, render_due
from venuedesk.store.models import HilTaskRow
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.function_sheets import StoredSheet, pdf_digest, record_sheet, stored_sheet

A4_POINTS = (595, 842)
VISIT = "2026-02-04T10:00"  # a Wednesday before the event, two days ahead of the frozen clock


def event_id(thread_id: str) -> str:
    return "evt_" + thread_id.removeprefix("thr_")


def sheet(desk: Desk, thread_id: str, version: int | None = None) -> StoredSheet:
    with desk.uow() as uow:
        found = stored_sheet(uow, event_id(thread_id), version)
    assert found is not None
    return found


def render_pdfs(desk: Desk) -> int:
    return render_due(deps_for_engine(desk.engine), desk.clock).done


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_confirmation_stores_version_1_whose_pdf_carries_room_head_count_and_catering(
    desk: Desk, thread_id: str
) -> None:
    confirm_booking(desk, thread_id)
    assert render_pdfs(desk) == 1
    stored = sheet(desk, thread_id)
    assert stored.versions == (1,) and stored.pdf is not None and stored.sha256 == pdf_digest(stored.pdf)
    text = pdf_text(stored.pdf)
    for figure in ("Function sheet", "Room B", "Head count 30", "Workshop", "Lunch package 30 (per person)",
                   "08:30–09:00", "17:00–17:30", "Tuesday, 10 March 2026", "Sara Frei", "sara.frei@example.ch"):
        assert figure in text, figure


def test_a_german_venues_sheet_is_in_german(desk: Desk, thread_id: str) -> None:
    desk.venue = replace(desk.venue, languages=("de", "en"))
    confirm_booking(desk, thread_id, "de")
    render_pdfs(desk)
    text = pdf_text(sheet(desk, thread_id).pdf or b"")
    for figure in ("Bankettauftrag", "Raum B", "Personenzahl 30", "Mittagessen 30 (pro Person)",
                   "Dienstag, 10. März 2026", "Aufbau (Puffer vorher) 08:30–09:00"):
        assert figure in text, figure


def test_the_pdf_pages_are_a4_and_render_with_pdftoppm(desk: Desk, thread_id: str, tmp_path: Path) -> None:
    confirm_booking(desk, thread_id)
    render_pdfs(desk)
    pdf = sheet(desk, thread_id).pdf or b""
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    assert tuple(round(float(side)) for side in pages[0].mediabox.upper_right) == A4_POINTS
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "sheet.pdf"), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == 1 and images[0].read_bytes().startswith(b"\x89PNG")


def test_the_pdf_job_renders_each_version_once(desk: Desk, thread_id: str) -> None:
    confirm_booking(desk, thread_id)
    deps = deps_for_engine(desk.engine)
    assert count_due(deps, desk.clock) == 1
    first = render_pdfs(desk)
    assert (first, render_pdfs(desk), count_due(deps, desk.clock)) == (1, 0, 0)


def test_a_site_visit_booked_after_confirmation_makes_version_2_with_the_change_marked(
    desk: Desk, thread_id: str
) -> None:
    confirm_booking(desk, thread_id)
    render_pdfs(desk)
    first = sheet(desk, thread_id, 1)
    desk.handle_action(thread_id, "select_site_visit", {"slot": VISIT})
    render_pdfs(desk)
    second = sheet(desk, thread_id)
    assert second.versions == (1, 2) and second.version == 2
    assert "Changed since version 1" in second.html
    assert '<tr class="changed"><th>Site visit</th><td>Wednesday, 4 February 2026, 10:00–11:00' in second.html
    assert "Changed since version 1" in pdf_text(second.pdf or b"")
    again = sheet(desk, thread_id, 1)  # version 1 is kept as it was, PDF bytes and all
    assert (again.html, again.pdf, again.sha256, again.created_at) == (first.html, first.pdf, first.sha256,
                                                                       first.created_at)


def test_a_head_count_changed_on_the_confirmed_event_makes_version_2_listing_old_and_new(
    desk: Desk, thread_id: str
) -> None:
    """Clients cannot change a confirmed booking themselves (it goes to the team, workflow/confirmed_change.py); this
    is the save of a confirmed event whose head count the team changed."""
    confirm_booking(desk, thread_id)
    with desk.uow() as uow:
        uow.lock_thread(thread_id)
        state = uow.events.for_thread(thread_id)
        assert state is not None
        state.requirements.participants = 28
        uow.events.save(state, desk.clock.now())
        assert record_sheet(uow, desk.venue, state, desk.clock.now()) == 2
        uow.commit()
    render_pdfs(desk)
    text = pdf_text(sheet(desk, thread_id).pdf or b"")
    assert "Changed since version 1" in text and "Head count 30 28" in text
    assert "Head count 30" in pdf_text(sheet(desk, thread_id, 1).pdf or b"")


def test_approving_the_confirmation_again_adds_no_version(desk: Desk, thread_id: str) -> None:
    confirm_booking(desk, thread_id)
    task = next(task for task in desk_tasks(desk, thread_id) if task["type"] == "confirmation_approval")
    desk.decide(task["task_id"], "approve")
    assert sheet(desk, thread_id).versions == (1,)


def test_a_message_that_changes_nothing_adds_no_version(desk: Desk, thread_id: str) -> None:
    confirm_booking(desk, thread_id)
    desk.handle_message(thread_id, "Thank you!")
    desk.handle_message(thread_id, "Thank you!", idempotency_key="thanks-1")
    desk.handle_message(thread_id, "Thank you!", idempotency_key="thanks-1")
    assert sheet(desk, thread_id).versions == (1,)


def test_no_sheet_is_made_before_confirmation(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, "Please book Room B for a workshop with 30 people on 10 March 2026, 09:00-17:00.",
                        sender="sara.frei@example.ch")
    with desk.uow() as uow:
        assert stored_sheet(uow, event_id(thread_id)) is None


def desk_tasks(desk: Desk, thread_id: str) -> list[dict[str, object]]:
    with desk.engine.connect() as connection:
        rows = connection.execute(select(HilTaskRow.id, HilTaskRow.type).where(HilTaskRow.thread_id == thread_id))
        return [{"task_id": row.id, "type": row.type} for row in rows]

