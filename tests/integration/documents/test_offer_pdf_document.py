"""The offer PDF of docs/documents.md: the worked example of docs/venue.md in English and German, A4 pages, and
one stored PDF per sent version that never changes."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from offer_pdf_helpers import NOW, held_offer, pdf_text, png_pages, png_size, sent_offer
from venuedesk.clock import FrozenClock
from venuedesk.store.db import ensure_ready
from venuedesk.store.anonymise import anonymise_thread
from venuedesk.workflow.desk import Desk


def _stored(desk: Desk, thread_id: str) -> int:
    with desk.uow() as uow:
        return uow.offer_documents.count(thread_id)


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


def test_approving_stores_the_pdf_of_the_sent_version_once(desk: Desk) -> None:
    thread_id, task_id = held_offer(desk)
    assert _stored(desk, thread_id) == 0
    desk.decide(task_id, "approve")
    desk.decide(task_id, "approve")  # a double click, a retried request
    desk.offer_pdf(thread_id)
    assert _stored(desk, thread_id) == 1


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
