"""Matching is driven by the catalogue passed in: a venue can swap its rooms, products and knowledge."""

from __future__ import annotations

import dataclasses
from datetime import date, time
from decimal import Decimal

from venuedesk.domain.catalogue import KnowledgeEntry, NamedWindow, Policies, Product, Room, Venue
from venuedesk.understanding import ProductMention, TimeWindow, understand

TODAY = date(2026, 2, 2)


def _other_venue() -> Venue:
    room = Room(
        id="loft",
        name="The Loft",
        capacity={"theatre": 50},
        min_guests=5,
        area_m2=80,
        half_day=Decimal("100"),
        full_day=Decimal("200"),
        extra_hour=Decimal("20"),
        buffer_before_min=15,
        buffer_after_min=15,
        synonyms=("dachgeschoss", "attic"),
    )
    product = Product(
        id="pizza",
        names={"en": "Pizza buffet", "de": "Pizzabuffet"},
        category="catering",
        unit="per_person",
        price=Decimal("20"),
        synonyms=("pizza", "pizzas"),
    )
    window = NamedWindow(name="late", start=time(20, 0), end=time(23, 0), words=("late night", "spätabends"))
    knowledge = KnowledgeEntry(
        topic="pets",
        keywords=("dog", "dogs", "hund"),
        answers={"en": "Dogs welcome.", "de": "Hunde willkommen."},
    )
    return Venue(
        name="Other",
        city="Bern",
        languages=("en", "de"),
        rooms=(room,),
        products=(product,),
        policies=Policies(windows=(window,)),
        knowledge=(knowledge,),
    )


def test_other_catalogue_drives_rooms_products_windows_and_topics():
    result = understand("The attic please, 3 pizzas, late night. Can we bring dogs?", _other_venue(), TODAY)
    assert result.rooms == ["loft"]
    assert result.products == [ProductMention(product_id="pizza", quantity=3)]
    assert result.window == TimeWindow(start="20:00", end="23:00", named="late")
    assert result.topics == ["pets"]


def test_demo_terms_mean_nothing_to_another_catalogue():
    result = understand("Room B with lunch, all day. Is there parking?", _other_venue(), TODAY)
    assert (result.rooms, result.products, result.window, result.topics) == ([], [], None, [])


def test_added_synonym_is_matched(venue):
    products = tuple(
        dataclasses.replace(p, synonyms=(*p.synonyms, "häppchen")) if p.id == "apero-classic" else p
        for p in venue.products
    )
    changed = dataclasses.replace(venue, products=products, _rooms_by_id={}, _products_by_id={})
    assert understand("Häppchen für alle", changed, TODAY).products == [
        ProductMention(product_id="apero-classic")
    ]
