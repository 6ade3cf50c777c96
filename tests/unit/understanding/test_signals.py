"""Payment claims, site-visit and calendar requests: signals only, never booking facts."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "we already transferred it on 15.1.",
        "Die Anzahlung ist überwiesen",
        "We paid the deposit yesterday via bank transfer.",
        "Wir haben die Anzahlung am 15.1. überwiesen.",
        "Have you received our payment? It was sent on 28.01.2026.",
    ],
)
def test_saying_a_payment_was_made_raises_payment_claimed(read, text):
    assert "payment_claimed" in read(text).intents


@pytest.mark.parametrize(
    "text",
    [
        "we already transferred it on 15.1.",
        "Wir haben am 20. Januar bezahlt, bitte prüfen Sie das.",
        "The payment of CHF 702 was made on 20 January.",
        "We will transfer the deposit on 10 February.",
        "Die Anzahlung haben wir am 3. Februar schon bezahlt.",
    ],
)
def test_a_date_about_a_payment_is_never_an_event_date(read, text):
    understanding = read(text)
    assert understanding.dates == [] and understanding.span is None
    assert understanding.day_of_month is None and understanding.vague is None
    assert not understanding.problems


@pytest.mark.parametrize(
    "text", ["We will transfer the deposit on 10 February.", "When do we have to pay the deposit?",
             "Wir haben noch nicht bezahlt."]
)
def test_a_planned_or_asked_about_payment_is_no_claim(read, text):
    assert "payment_claimed" not in read(text).intents


def test_a_payment_claim_beside_a_date_change_keeps_the_new_date(read):
    understanding = read("We paid the deposit on 15 January. Please move the event to 12 March 2026.")
    assert [d.isoformat() for d in understanding.dates] == ["2026-03-12"]
    assert "payment_claimed" in understanding.intents


@pytest.mark.parametrize(
    "text",
    ["can we come and see the room?", "Besichtigung möglich?", "Would a site visit be possible?",
     "Könnten wir vorbeikommen und uns den Raum anschauen?"],
)
def test_asking_to_see_the_venue_is_a_site_visit_request(read, text):
    assert "site_visit" in read(text).intents


def test_a_day_named_for_a_site_visit_is_never_the_event_date(read):
    understanding = read("We'd love to have a look at the venue first. Could we stop by on 10 February?")
    assert "site_visit" in understanding.intents
    assert understanding.dates == []


@pytest.mark.parametrize(
    "text", ["Could you send a calendar invite?", "Please send the .ics file.", "Können Sie mir eine Kalendereinladung schicken?"]
)
def test_asking_for_a_calendar_file_is_a_calendar_request(read, text):
    assert "calendar_request" in read(text).intents
