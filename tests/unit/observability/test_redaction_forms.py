"""Every spelling of personal data a client writes is hidden; dates, times, prices and room numbers stay."""

from __future__ import annotations

import pytest

from venuedesk.observability.redaction import redact


@pytest.mark.parametrize(("text", "hidden"), [
    ("mail anna@müller.ch today", "müller.ch"),
    ("von jürg.müller@bäckerei-zürich.ch", "bäckerei"),
    ("punycode anna@xn--mller-kva.ch", "xn--mller"),
    ("write anna(at)example(dot)ch", "example"),
    ("write anna [at] example.ch", "example"),
    ("write anna [at] venue", "anna"),
    ("write anna at example dot ch", "example"),
    ("schreib anna(at)beispiel(punkt)de", "beispiel"),
])
def test_every_spelling_of_an_email_address_is_hidden(text: str, hidden: str) -> None:
    assert hidden not in redact(text) and "[email]" in redact(text)


@pytest.mark.parametrize("phone", [
    "0041-44-123 45 67", "+41 (0)44 123 45 67", "044 123 45 67", "(044) 123 45 67", "+49 30 1234567",
    "0041 79 123 45 67", "+41791234567",
])
def test_every_form_of_a_phone_number_is_hidden(phone: str) -> None:
    assert redact(f"call {phone} please") == "call [phone] please"


@pytest.mark.parametrize("iban", [
    "ch93 0076 2011 6238 5295 7", "Ch9300762011623852957", "de89 3704 0044 0532 0130 00", "CH93 0076 2011 6238 5295 7",
])
def test_an_iban_in_any_case_spaced_or_not_is_hidden(iban: str) -> None:
    assert redact(f"IBAN {iban}.") == "IBAN [iban]."


@pytest.mark.parametrize("card", ["4111 1111 1111 1111", "5500-0000-0000-0004"])
def test_a_card_number_passing_luhn_is_hidden(card: str) -> None:
    assert redact(f"card {card}") == "card [card]"


@pytest.mark.parametrize("text", [
    "CHF 1'234.50", "total CHF 2090.00 incl. 8.1% VAT", "10.03.2026", "2026-03-10", "on 10 March 2026",
    "from 09:00-17:00", "09:00 to 17:30", "Room 12", "room-b", "for 30 people", "we meet at 10.30 at the lobby",
    "thread thr_8c1f0a2b3c4d5e6f at turn-3", "offer off_1a2b3c4d version 2", "deposit CHF 627.00 due 2026-02-28",
    "lowercase words ab12 cdef ghij klmn", "Grüezi from the Atelier",
])
def test_dates_times_prices_and_ids_stay(text: str) -> None:
    assert redact(text) == text


def test_phone_numbers_listed_with_slashes_are_each_hidden() -> None:
    assert redact("call 0041-44-123 45 67 / +41 (0)79 555 12 34 / 044 987 65 43.") == \
        "call [phone] / [phone] / [phone]."
