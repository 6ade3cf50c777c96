"""Billing address capture: the parts, the country, what is missing; never a room, product, count or date."""

from __future__ import annotations

import json
import time

import pytest

from venuedesk.tools.schema import strict_json_schema
from venuedesk.understanding import BillingAddress, Understanding


def _address(read, text):
    found = read(text).billing
    return None if found is None else found.model_dump(exclude_none=True)


def test_a_one_line_address_gives_every_part(read):
    assert _address(read, "Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern") == {
        "company": "Alpenglühn GmbH", "name": "Sara Frei", "street": "Dorfstrasse 7",
        "postal_code": "3011", "city": "Bern", "country": "CH",
    }


def test_a_multi_line_block_after_a_marker_gives_every_part(read):
    text = "Rechnung an:\nNordlicht AG\nMarkus Keller\nBahnhofstrasse 21\nCH-8001 Zürich\n\nDanke!"
    assert _address(read, text) == {
        "company": "Nordlicht AG", "name": "Markus Keller", "street": "Bahnhofstrasse 21",
        "postal_code": "8001", "city": "Zürich", "country": "CH",
    }


def test_labelled_lines_are_read_by_their_labels(read):
    text = "Rechnungsadresse:\nFirma: Quellwasser AG\nName: Reto Baumann\nStrasse: Industriestrasse 15\nPLZ/Ort: 5000 Aarau"
    assert _address(read, text) == {
        "company": "Quellwasser AG", "name": "Reto Baumann", "street": "Industriestrasse 15",
        "postal_code": "5000", "city": "Aarau", "country": "CH",
    }


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Billing address: Rheinwerk GmbH, Hauptstraße 12, 79539 Lörrach", "DE"),
        ("Rechnung an: Atelier Nord GmbH, Marktplatz 1, 6900 Bregenz, Österreich", "AT"),
        ("Rechnungsadresse: Brunner AG, Bahnhofplatz 2, FL-9490 Vaduz", "LI"),
        ("Billing address: Blue Bay Ltd, Seefeldstrasse 123, 8008 Zurich, Switzerland", "CH"),
        ("Billing address: Blue Bay Ltd, Seefeldstrasse 123, 8008 Zurich", "CH"),
    ],
)
def test_the_country_is_named_inferred_from_the_postal_code_or_ch(read, text, country):
    found = read(text).billing
    assert found is not None and found.country == country


def test_the_missing_parts_are_reported_by_name(read):
    found = read("Billing address: Alpenglühn GmbH, Dorfstrasse 7").billing
    assert found is not None and found.missing() == ["postal_code", "city"]


def test_a_company_or_a_name_is_enough_to_address_an_invoice():
    assert BillingAddress(company="A AG", street="Weg 1", postal_code="3011", city="Bern").missing() == []
    assert BillingAddress(street="Weg 1", postal_code="3011", city="Bern").missing() == ["name"]


def test_a_later_message_completes_an_earlier_address():
    earlier = BillingAddress(company="Alpenglühn GmbH", street="Dorfstrasse 7")
    later = BillingAddress(postal_code="3011", city="Bern", country="CH")
    merged = earlier.merged(later)
    assert merged.missing() == [] and merged.company == "Alpenglühn GmbH" and merged.city == "Bern"


def test_an_address_beside_a_date_change_keeps_both(read):
    understanding = read(
        "Please move the event to 12 March 2026. Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"
    )
    assert [d.isoformat() for d in understanding.dates] == ["2026-03-12"]
    assert understanding.billing is not None and understanding.billing.city == "Bern"


@pytest.mark.parametrize(
    "text",
    ["Room B, 30 people, with coffee and lunch please.", "Raum C, 30 Personen, mit Kaffee.",
     "We are based in 8001 Zürich and would like a workshop for 20 people.", "Billing address is the same as last time.",
     "Thanks, see you at Seestrasse 12 then!"],
)
def test_rooms_products_and_prose_are_never_an_address(read, text):
    assert read(text).billing is None


def test_an_address_is_never_a_head_count_room_or_product(read):
    understanding = read("Rechnung an: Kaffeerösterei Bohne AG, Raumweg 30, 3011 Bern")
    assert understanding.participants is None and understanding.rooms == [] and understanding.products == []


def test_the_rooms_and_products_beside_an_address_are_still_read(read):
    understanding = read("We'd like Room B with the projector. Billing: Lumen Design GmbH, Feldweg 3, 6300 Zug")
    assert understanding.rooms == ["room-b"]
    assert [p.product_id for p in understanding.products] == ["projector"]
    assert understanding.billing is not None and understanding.billing.company == "Lumen Design GmbH"


def test_a_quoted_earlier_message_is_not_read_for_an_address(read):
    assert read("Thanks!\n\n> The Atelier\n> Seestrasse 12\n> 8002 Zürich").billing is None


def test_the_new_fields_travel_through_the_strict_model_schema(read):
    schema = strict_json_schema(Understanding)
    assert {"negotiation", "billing"} <= set(schema["properties"])
    understanding = read("Can you do 10 % off? Billing address: Alpenglühn GmbH, Dorfstrasse 7, 3011 Bern")
    assert Understanding.model_validate(json.loads(understanding.model_dump_json())) == understanding


@pytest.mark.parametrize(
    "text", ["1234 Abc, " * 400, "Rechnung an: x. " * 500, "Billing address: " + "Dorfstrasse 7, " * 400]
)
def test_a_long_hostile_message_is_read_quickly(read, text):
    started = time.perf_counter()
    read(text)
    assert time.perf_counter() - started < 1.5
