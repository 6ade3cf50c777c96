"""The offer PDF of docs/documents.md: the worked example of docs/venue.md in English and German, A4 pages, and
one stored PDF per sent version that never changes."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from offer_pdf_helpers import NOW, held_offer, pdf_text, png_pages, png_size, sent_offer
from render_probe import probe_renders
from venuedesk.clock import FrozenClock
from venuedesk.store.db import ensure_ready
from venuedesk.store.anonymise import anonymise_thread
from venuedesk.jobs.base import deps_for_engine
from venuedesk.jobs.offer_pdf import render_due
from venuedesk.store.repositories.offer_documents import OfferDocumentRepository, StoredOfferDocument
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.offer_documents import NoOfferDocument


def _stored(desk: Desk, thread_id: str) -> int:
    with desk.uow() as uow:
        return uow.offer_documents.count(thread_id)


def _rendered(desk: Desk, thread_id: str) -> int:
    with desk.uow() as uow:
        return uow.offer_documents.count(thread_id, rendered=True)


def _forget_documents(desk: Desk, thread_id: str) -> None:
    """As for a version sent before offer PDFs were recorded."""
    with desk.uow() as uow:
        uow.offer_documents.delete_thread(thread_id)
        uow.commit()


def test_the_english_pdf_carries_the_worked_example_figures(desk: Desk) -> None:
    text = pdf_text(desk.offer_pdf(sent_offer(desk, "en")).content)
    for expected in ("The Atelier", "Dufourstrasse 40", "anna@example.com", "Offer, version 1",
                     "Tuesday, 10 March 2026", "09:00–17:00", "Room B", "workshop", "Guests 30",
                     "Room B 1 750.00 750.00", "Coffee & snacks 30 15.00 450.00", "Lunch package 30 28.00 840.00",
                     "Wireless microphone 2 25.00 50.00", "Total (incl. VAT) CHF 2'090.00",
                     "8.1 % VAT: CHF 156.60", "Deposit: CHF 627.00, due by Saturday, 28 February 2026",
                     "full refund minus CHF 200", "Option held until Monday, 9 February 2026, 09:00"):
        assert expected in text, expected


def test_the_german_pdf_carries_the_same_figures_in_german(desk: Desk) -> None:
    text = pdf_text(desk.offer_pdf(sent_offer(desk, "de")).content)
    for expected in ("Angebot, Version 1", "Dienstag, 10. März 2026", "Raum B 1 750.00 750.00",
                     "Kaffee & Snacks 30 15.00 450.00", "Mittagessen 30 28.00 840.00", "Funkmikrofon 2 25.00 50.00",
                     "Total (inkl. MWST) CHF 2'090.00", "8.1 % MWST: CHF 156.60",
                     "Anzahlung: CHF 627.00, fällig bis am Samstag, 28. Februar 2026", "Bestuhlung Workshop",
                     "Stornierung: mehr als 30 Tage", "Option gültig bis Montag, 9. Februar 2026, 09:00"):
        assert expected in text, expected


def test_the_pdf_is_one_a4_page(desk: Desk, tmp_path: Path) -> None:
    pages = png_pages(desk.offer_pdf(sent_offer(desk)).content, tmp_path)
    assert len(pages) == 1
    width, height = png_size(pages[0])
    assert abs(width - 413) <= 1 and abs(height - 585) <= 1  # A4 (210 × 297 mm) at 50 dpi


def test_approving_records_the_sent_version_once_and_its_pdf_is_kept_once(desk: Desk) -> None:
    thread_id, task_id = held_offer(desk)
    assert _stored(desk, thread_id) == 0
    desk.decide(task_id, "approve")
    desk.decide(task_id, "approve")  # a double click, a retried request
    assert (_stored(desk, thread_id), _rendered(desk, thread_id)) == (1, 0), "recorded by the approval, not rendered"
    assert render_due(deps_for_engine(desk.engine), desk.clock).done == 1
    first = desk.offer_pdf(thread_id)
    assert first.stored and desk.offer_pdf(thread_id).content == first.content
    assert (_stored(desk, thread_id), _rendered(desk, thread_id)) == (1, 1)


def test_the_stored_bytes_are_served_after_the_catalogue_changes(desk: Desk) -> None:
    thread_id = sent_offer(desk)
    sent = desk.offer_pdf(thread_id).content
    desk.venue = replace(desk.venue, name="Renamed Venue")
    served = desk.offer_pdf(thread_id)
    assert served.content == sent and served.stored and "Renamed Venue" not in pdf_text(served.content)


def test_a_draft_is_a_preview_for_the_manager_and_nothing_is_stored(desk: Desk) -> None:
    thread_id, _ = held_offer(desk)
    preview = desk.offer_pdf(thread_id, preview=True)
    assert "CHF 2'090.00" in pdf_text(preview.content) and not preview.stored
    assert _stored(desk, thread_id) == 0


def test_anonymising_the_thread_deletes_its_stored_pdfs(desk: Desk) -> None:
    thread_id = sent_offer(desk)
    with desk.uow() as uow:
        anonymise_thread(uow.session, thread_id, desk.clock.now())
        uow.commit()
    assert _stored(desk, thread_id) == 0
    assert "anna@example.com" not in pdf_text(desk.offer_pdf(thread_id).content)


def test_a_pdf_first_made_later_is_issued_on_the_day_the_version_was_made(desk: Desk) -> None:
    thread_id = sent_offer(desk)
    _forget_documents(desk, thread_id)
    assert isinstance(desk.clock, FrozenClock)
    desk.clock.advance(timedelta(days=5))
    text = pdf_text(desk.offer_pdf(thread_id).content)
    assert "Issued on Monday, 2 February 2026" in text and "7 February" not in text


def test_a_recorded_version_rendered_days_later_is_issued_on_the_day_it_was_sent(desk: Desk) -> None:
    thread_id = sent_offer(desk)
    assert isinstance(desk.clock, FrozenClock)
    desk.clock.advance(timedelta(days=3))
    assert "Issued on Monday, 2 February 2026" in pdf_text(desk.offer_pdf(thread_id).content)


def test_a_superseded_version_that_was_sent_is_served_to_the_client(desk: Desk) -> None:
    thread_id = sent_offer(desk)
    _forget_documents(desk, thread_id)  # sent while the machine could not render PDFs, before rows were recorded
    desk.handle_message(thread_id, "Could you also add a projector?")
    state = desk.event_view(thread_id)
    assert state is not None and [offer["status"] for offer in state["offers"]][0] == "Superseded"
    assert "Offer, version 1" in pdf_text(desk.offer_pdf(thread_id, 1).content)


def test_a_superseded_draft_that_was_never_sent_stays_hidden_from_the_client(desk: Desk) -> None:
    thread_id, _ = held_offer(desk)
    desk.handle_message(thread_id, "Actually we will be 35 people.")
    state = desk.event_view(thread_id)
    assert state is not None and state["offers"][0]["status"] == "Superseded"
    with pytest.raises(NoOfferDocument):
        desk.offer_pdf(thread_id, 1)


def test_no_pdf_is_rendered_while_a_write_transaction_is_open(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    lock_free = probe_renders(Path(str(desk.engine.url.database)), monkeypatch)
    thread_id, task_id = held_offer(desk)
    desk.offer_pdf(thread_id, preview=True)  # the manager's preview of the draft
    desk.decide(task_id, "approve")
    desk.offer_pdf(thread_id)  # the first download renders the recorded version
    _forget_documents(desk, thread_id)
    desk.offer_pdf(thread_id)  # a version sent before rows were recorded
    assert lock_free == [True, True, True]


def test_the_insert_that_loses_the_race_on_the_unique_key_returns_the_first_bytes(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = ensure_ready(database_url)
    try:
        desk = Desk(engine, FrozenClock(NOW))
        thread_id = sent_offer(desk)
        sent = desk.offer_pdf(thread_id)
        real_get = OfferDocumentRepository.get
        calls: list[int] = []

        def unseen_once(repository: OfferDocumentRepository, thread: str, version: int) -> StoredOfferDocument | None:
            calls.append(version)  # the racing writer's first look finds nothing: the other's row was not committed
            return None if len(calls) == 1 else real_get(repository, thread, version)

        monkeypatch.setattr(OfferDocumentRepository, "get", unseen_once)
        with desk.uow() as uow:
            state = uow.events.for_thread(thread_id)
            assert state is not None and state.offer is not None
            again = uow.offer_documents.put_once(thread_id=thread_id, event_id=state.event_id, version=1,
                                                 offer_id=state.offer.offer_id, language="en", content=b"%PDF-other",
                                                 created_at=desk.clock.now())
            uow.commit()
        monkeypatch.undo()
        assert calls == [1, 1], "nothing seen, the insert refused by the unique key, the kept row read back"
        assert again.content == sent.content and _stored(desk, thread_id) == 1
        assert desk.offer_pdf(thread_id).content == sent.content
    finally:
        engine.dispose()


def test_on_every_backend_the_first_stored_bytes_win(database_url: str) -> None:
    engine = ensure_ready(database_url)
    try:
        desk = Desk(engine, FrozenClock(NOW))
        thread_id, task_id = held_offer(desk)
        desk.decide(task_id, "approve")
        sent = desk.offer_pdf(thread_id)
        with desk.uow() as uow:
            state = uow.events.for_thread(thread_id)
            assert state is not None and state.offer is not None
            again = uow.offer_documents.put_once(thread_id=thread_id, event_id=state.event_id, version=1,
                                                 offer_id=state.offer.offer_id, language="en", content=b"%PDF-other",
                                                 created_at=desk.clock.now())
            uow.commit()
        assert again.content == sent.content and again.sha256 == hashlib.sha256(sent.content).hexdigest()
        assert _stored(desk, thread_id) == 1 and desk.offer_pdf(thread_id).content == sent.content
    finally:
        engine.dispose()
