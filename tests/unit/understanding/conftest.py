"""Fixtures for the understanding tests: the demo venue built straight from the shipped YAML files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
import yaml

from venuedesk.domain.catalogue import KnowledgeEntry, NamedWindow, Policies, Product, Room, Venue
from venuedesk.understanding import Understanding, understand

# A Monday: 2026-02-02 (the demo clock's date).
TODAY = date(2026, 2, 2)


def _read(name: str) -> dict[str, Any]:
    """One YAML file of the packaged demo data."""
    text = resources.files("venuedesk.venue").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _room(raw: dict[str, Any]) -> Room:
    return Room(
        id=raw["id"],
        name=raw["name"] if isinstance(raw["name"], str) else raw["name"]["en"],
        names={} if isinstance(raw["name"], str) else dict(raw["name"]),
        capacity=dict(raw["capacity"]),
        min_guests=raw["min_guests"],
        area_m2=raw["area_m2"],
        half_day=Decimal(raw["half_day"]),
        full_day=Decimal(raw["full_day"]),
        extra_hour=Decimal(raw["extra_hour"]),
        buffer_before_min=raw["buffer_before_min"],
        buffer_after_min=raw["buffer_after_min"],
        features=tuple(f if isinstance(f, str) else f["en"] for f in raw.get("features", ())),
        feature_names={"de": tuple(f if isinstance(f, str) else f.get("de", f["en"]) for f in raw.get("features", ()))},
        synonyms=tuple(raw.get("synonyms", ())),
    )


def _product(raw: dict[str, Any]) -> Product:
    return Product(
        id=raw["id"],
        names=dict(raw["name"]),
        category=raw["category"],
        unit=raw["unit"],
        price=Decimal(raw["price"]),
        not_in=tuple(raw.get("not_in", ())),
        only_in=tuple(raw.get("only_in", ())),
        season_months=tuple(raw.get("season", ())),
        synonyms=tuple(raw.get("synonyms", ())),
    )


def build_demo_venue() -> Venue:
    """The demo venue from rooms.yaml, products.yaml and venue.yaml."""
    venue = _read("venue.yaml")
    raw_policies = venue["policies"]
    windows = tuple(
        NamedWindow(name=w["name"], start=_time(w["start"]), end=_time(w["end"]), words=tuple(w["words"]))
        for w in raw_policies["windows"]
    )
    policies = Policies(timezone=raw_policies["timezone"], currency=raw_policies["currency"], windows=windows)
    knowledge = tuple(
        KnowledgeEntry(
            topic=k["topic"],
            keywords=tuple(k["keywords"]),
            answers=dict(k["answer"]),
        )
        for k in venue["knowledge"]
    )
    return Venue(
        name=venue["name"],
        city=venue["city"],
        languages=tuple(venue["languages"]),
        rooms=tuple(_room(r) for r in _read("rooms.yaml")["rooms"]),
        products=tuple(_product(p) for p in _read("products.yaml")["products"]),
        policies=policies,
        knowledge=knowledge,
    )


@pytest.fixture(scope="session")
def venue() -> Venue:
    return build_demo_venue()


@pytest.fixture(scope="session")
def read(venue: Venue) -> Callable[..., Understanding]:
    """`read(text)` understands a message on the demo venue with today = 2026-02-02."""

    def _read_message(text: str, *, today: date = TODAY, known_language: str | None = None) -> Understanding:
        return understand(text, venue, today, known_language=known_language)

    return _read_message
