"""Anonymising an event keeps what the venue must account for and drops who the client is and what they wrote."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from venuedesk.domain.anonymise import REMOVED, anonymise_event, scrub_json
from venuedesk.domain.event import Billing, DepositTerms, EventState, Offer, OfferLine


def _event() -> EventState:
    offer = Offer(offer_id="off_1", version=1, status="Accepted", total=Decimal("750.00"), vat=Decimal("56.20"),
                  deposit=DepositTerms(amount=Decimal("0")), chosen_date=date(2026, 3, 10), start_time="09:00",
                  end_time="17:00", room_id="room-b",
                  lines=[OfferLine(kind="room", ref="room-b", label="Room B", quantity=1, unit_price=Decimal("750"),
                                   total=Decimal("750"))])
    state = EventState(event_id="evt_1", thread_id="thr_1", status="Option", client_email="anna@müller.ch",
                       client_name="Annelie Brunnschweiler", chosen_date=date(2026, 3, 10), locked_room_id="room-b",
                       offers=[offer], billing=Billing(name="Annelie Brunnschweiler", street="Seefeldstrasse 123",
                                                       postal_code="8008", city="Zürich", country="CH"))
    state.requirements.participants = 30
    state.requirements.special = ["Annelie needs a step-free entrance"]
    state.record("client_action", at=datetime(2026, 2, 2, 9, 0), actor="client", reason="billing given",
                 detail={"street": "Seefeldstrasse 123", "room_id": "room-b"})
    return state


def test_the_client_s_identity_and_words_are_gone() -> None:
    kept = anonymise_event(_event())
    dumped = kept.model_dump_json()
    assert kept.client_email is None and kept.client_name is None
    assert "Brunnschweiler" not in dumped and "Seefeldstrasse" not in dumped and "müller" not in dumped
    assert "step-free" not in dumped


def test_what_the_venue_accounts_for_stays() -> None:
    original = _event()
    kept = anonymise_event(original)
    assert kept.offers == original.offers and kept.chosen_date == original.chosen_date
    assert kept.locked_room_id == "room-b" and kept.requirements.participants == 30
    assert kept.status == "Option" and kept.billing.country == "CH" and kept.thread_state == "Closed"


def test_the_original_event_is_not_changed() -> None:
    original = _event()
    anonymise_event(original)
    assert original.client_email == "anna@müller.ch"


def test_scrub_json_keeps_ids_dates_amounts_and_drops_words() -> None:
    scrubbed = scrub_json({"room_id": "room-b", "date": "2026-03-10", "at": "2026-02-02T09:00:00+01:00",
                           "amount": "627.00", "total": 750, "currency": "CHF", "ok": True, "start": "09:00",
                           "name": "Annelie Brunnschweiler", "email": "anna.b@example.ch", "note": "anna",
                           "lines": [{"label": "Seefeldstrasse 123"}]})
    assert scrubbed == {"room_id": "room-b", "date": "2026-03-10", "at": "2026-02-02T09:00:00+01:00",
                        "amount": "627.00", "total": 750, "currency": "CHF", "ok": True, "start": "09:00",
                        "name": REMOVED, "email": REMOVED, "note": REMOVED, "lines": [{"label": REMOVED}]}
