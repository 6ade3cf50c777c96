"""Catalogue texts keyed by language: names, features, answers and terms, with the older `_en`/`_de` fields."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from venuedesk.venue.loader import CatalogueError, load_venue

DATA = resources.files("venuedesk.venue") / "data"


@pytest.fixture(scope="module")
def venue():
    return load_venue()


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo catalogue."""
    for name in ("venue.yaml", "rooms.yaml", "products.yaml"):
        (tmp_path / name).write_text(DATA.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rooms_products_and_features_read_in_the_client_language(venue):
    room = venue.room("room-a")
    assert (room.label("en"), room.label("de")) == ("Room A", "Raum A")
    assert "daylight" in room.feature_labels("en") and "Tageslicht" in room.feature_labels("de")
    assert room.features == room.feature_labels("en")
    assert venue.product("projector").name("de") == "Beamer & Leinwand"


def test_a_language_the_catalogue_does_not_name_reads_english(venue):
    assert venue.room("room-a").label("fr") == "Room A"
    assert venue.room("room-a").feature_labels("fr") == venue.room("room-a").features
    assert venue.product("projector").name("fr") == "Projector & screen"
    assert venue.knowledge[0].answer("fr") == venue.knowledge[0].answer("en")
    assert venue.policies.cancellation_terms_in("fr") == venue.policies.cancellation_terms_in("en")


def test_a_third_language_is_one_more_key_in_the_yaml(catalogue_copy: Path):
    _edit(catalogue_copy / "rooms.yaml", "name: {en: Room A, de: Raum A}",
          "name: {en: Room A, de: Raum A, fr: Salle A}")
    _edit(catalogue_copy / "products.yaml", 'name: {en: "Projector & screen", de: "Beamer & Leinwand"}',
          'name: {en: "Projector & screen", de: "Beamer & Leinwand", fr: "Projecteur et écran"}')
    venue = load_venue(catalogue_copy)
    assert venue.room("room-a").label("fr") == "Salle A"
    assert venue.product("projector").name("fr") == "Projecteur et écran"


def test_the_older_en_de_fields_still_load(catalogue_copy: Path):
    _edit(catalogue_copy / "products.yaml", 'name: {en: "Projector & screen", de: "Beamer & Leinwand"}',
          'name_en: "Projector & screen", name_de: "Beamer & Leinwand"')
    _edit(catalogue_copy / "venue.yaml", "  cancellation_terms:\n    en: >-", "  cancellation_terms_en: >-")
    _edit(catalogue_copy / "venue.yaml", "    de: >-\n      Stornierung",
          "  cancellation_terms_de: >-\n      Stornierung")
    _edit(catalogue_copy / "venue.yaml", '    answer:\n      en: "Parking', '    answer_en: "Parking')
    _edit(catalogue_copy / "venue.yaml", '      de: "Parkieren', '    answer_de: "Parkieren')
    venue = load_venue(catalogue_copy)
    assert venue.product("projector").name("de") == "Beamer & Leinwand"
    assert venue.policies.cancellation_terms_in("de").startswith("Stornierung")
    assert venue.knowledge[0].answer("de").startswith("Parkieren")


def test_a_text_keyed_by_language_needs_english(catalogue_copy: Path):
    _edit(catalogue_copy / "rooms.yaml", "name: {en: Room A, de: Raum A}", "name: {de: Raum A}")
    with pytest.raises(CatalogueError, match=r"rooms\.yaml line \d+: rooms\[0\]\.name.*English text under `en`"):
        load_venue(catalogue_copy)
