"""The catalogue loader: the demo venue matches docs/venue.md; bad files are reported by file, line, field."""

from __future__ import annotations

import json
from datetime import time
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from venuedesk.domain.catalogue import LAYOUTS
from venuedesk.venue.loader import (
    CATALOGUE_DIR_ENV,
    CatalogueDocuments,
    CatalogueError,
    catalogue_dir_from_env,
    load_catalogue_documents,
    load_venue,
    venue_from_documents,
)

DATA = resources.files("venuedesk.venue").joinpath("data")


@pytest.fixture(scope="module")
def venue():
    return load_venue()


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo catalogue."""
    for name in ("venue.yaml", "rooms.yaml", "products.yaml"):
        (tmp_path / name).write_text(DATA.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_demo_catalogue_has_six_rooms_and_26_products(venue):
    assert [room.id for room in venue.rooms] == [f"room-{letter}" for letter in "abcdef"]
    assert len(venue.products) == 26


def test_demo_venue_identity(venue):
    assert (venue.name, venue.city, venue.languages) == ("The Atelier", "Zurich", ("en", "de"))
    assert venue.policies.timezone == "Europe/Zurich"
    assert venue.policies.currency == "CHF"


@pytest.mark.parametrize(
    ("room_id", "half_day", "full_day", "extra_hour", "buffers", "min_guests"),
    [
        ("room-a", "300", "500", "80", (30, 30), 12),
        ("room-b", "450", "750", "120", (30, 30), 20),
        ("room-c", "650", "1100", "180", (45, 45), 30),
        ("room-d", "220", "350", "60", (20, 20), 6),
        ("room-e", "980", "1650", "260", (60, 60), 40),
        ("room-f", "360", "600", "100", (30, 30), 10),
    ],
)
def test_room_prices_buffers_and_min_guests_match_venue_md(
    venue, room_id, half_day, full_day, extra_hour, buffers, min_guests
):
    room = venue.room(room_id)
    assert (room.half_day, room.full_day, room.extra_hour) == (
        Decimal(half_day),
        Decimal(full_day),
        Decimal(extra_hour),
    )
    assert (room.buffer_before_min, room.buffer_after_min) == buffers
    assert room.min_guests == min_guests


def test_room_capacities_match_venue_md(venue):
    assert venue.room("room-b").capacity == {"theatre": 60, "classroom": 36, "workshop": 32, "u_shape": 26}
    assert venue.room("room-e").max_capacity() == ("standing", 150)
    assert all(set(room.capacity) <= set(LAYOUTS) for room in venue.rooms)


def test_product_prices_are_decimals(venue):
    assert venue.product("coffee-basic").price == Decimal("8.50")
    assert venue.product("live-band").price == Decimal("2500.00")
    assert all(isinstance(product.price, Decimal) for product in venue.products)


def test_product_room_restrictions(venue):
    assert venue.product("prosecco").not_in == ("room-a",)
    assert not venue.product("prosecco").served_in("room-a")
    assert venue.product("bbq").not_in == ("room-a", "room-d")
    assert venue.product("flipchart").only_in == ("room-b",)
    assert venue.product("flipchart").served_in("room-b")
    assert not venue.product("flipchart").served_in("room-c")


@pytest.mark.parametrize(
    ("product_id", "months"),
    [
        ("menu-garden-trio", {12, 1, 2, 3}),
        ("menu-alpine-roots", {11, 12, 1, 2}),
        ("menu-lakeview", {2, 3, 4}),
    ],
)
def test_seasonal_menus(venue, product_id, months):
    assert set(venue.product(product_id).season_months) == months


def test_named_windows_and_default_window(venue):
    windows = {window.name: (window.start, window.end) for window in venue.policies.windows}
    assert windows == {
        "all_day": (time(9), time(17)),
        "morning": (time(8), time(12)),
        "afternoon": (time(13), time(17)),
        "evening": (time(18), time(23)),
    }
    assert venue.policies.default_window == (time(14), time(18))


def test_policies_match_venue_md(venue):
    policies = venue.policies
    assert policies.blackouts == ((12, 24), (12, 31))
    assert (policies.open_from, policies.open_until) == (time(8), time(23))
    assert (policies.lead_days, policies.horizon_months, policies.option_days) == (3, 18, 7)
    assert policies.vat_percent == Decimal("8.1")
    assert (policies.deposit_percent, policies.deposit_threshold) == (Decimal("30"), Decimal("1000"))
    assert policies.deposit_due_days_before == 10


def test_knowledge_base_is_loaded(venue):
    topics = {entry.topic for entry in venue.knowledge}
    assert {"parking", "public_transport", "accessibility", "wifi"} <= topics


def test_documents_survive_a_json_round_trip():
    documents = load_catalogue_documents()
    stored = json.loads(json.dumps(documents.to_dict()))
    assert venue_from_documents(CatalogueDocuments.from_dict(stored)) == load_venue()


def test_a_swapped_catalogue_loads_from_a_directory(catalogue_copy: Path):
    rooms = catalogue_copy / "rooms.yaml"
    rooms.write_text(rooms.read_text().replace("name: {en: Room B, de: Raum B}", "name: Salon Bleu"))
    venue = load_venue(catalogue_copy)
    assert venue.room("room-b").name == "Salon Bleu"


def test_policies_left_out_keep_their_defaults(catalogue_copy: Path):
    (catalogue_copy / "venue.yaml").write_text("name: Tiny\ncity: Bern\nlanguages: [de]\n")
    venue = load_venue(catalogue_copy)
    assert venue.policies.lead_days == 3
    assert venue.policies.blackouts == ((12, 24), (12, 31))


def test_unquoted_times_are_read_as_times(catalogue_copy: Path):
    path = catalogue_copy / "venue.yaml"
    path.write_text(
        path.read_text().replace(
            'default_window: {start: "14:00", end: "18:00"}', "default_window: {start: 14:00, end: 18:00}"
        )
    )
    assert load_venue(catalogue_copy).policies.default_window == (time(14), time(18))


@pytest.mark.parametrize(
    ("closing", "expected"), [('"24:00"', time(0)), ('"02:00"', time(2)), ('"00:30"', time(0, 30))]
)
def test_a_venue_may_close_at_or_after_midnight(catalogue_copy: Path, closing: str, expected: time):
    path = catalogue_copy / "venue.yaml"
    path.write_text(path.read_text().replace('open_until: "23:00"', f"open_until: {closing}"))
    assert load_venue(catalogue_copy).policies.open_until == expected


def test_catalogue_dir_from_env():
    assert catalogue_dir_from_env({}) is None
    assert catalogue_dir_from_env({CATALOGUE_DIR_ENV: "/srv/venue"}) == Path("/srv/venue")


# (file, text to replace, replacement, field path, message fragment); the expected line is the line where
# the replacement lands.
MALFORMED = [
    (
        "rooms.yaml",
        "{theatre: 60, classroom: 36",
        "{theater: 60, classroom: 36",
        "rooms[1].capacity.theater",
        "unknown layout 'theater'; use one of theatre, classroom",
    ),
    ("rooms.yaml", 'half_day: "300"', 'half_day: "-300"', "rooms[0].half_day", "must not be negative"),
    ("rooms.yaml", "min_guests: 6", "min_guests: 30", "rooms[3].min_guests", "largest capacity 22"),
    ("rooms.yaml", "id: room-c", "id: room-b", "rooms[2].id", "duplicate room id 'room-b'"),
    (
        "rooms.yaml",
        "area_m2: 35",
        "area_m2: 35\n    colour: blue",
        "rooms[3].colour",
        "unknown field 'colour'",
    ),
    (
        "products.yaml",
        'unit: per_bottle, price: "35.00"',
        'unit: per_glass, price: "35.00"',
        "products[14].unit",
        "unknown unit 'per_glass'; use one of per_person",
    ),
    (
        "products.yaml",
        "not_in: [room-a],",
        "not_in: [room-z],",
        "products[14].not_in[0]",
        "unknown room 'room-z'",
    ),
    (
        "products.yaml",
        "only_in: [room-b]",
        "only_in: [room-q]",
        "products[21].only_in[0]",
        "unknown room 'room-q'",
    ),
    (
        "products.yaml",
        "season: [12, 1, 2, 3]",
        "season: [12, 1, 2, 13]",
        "products[10].season[3]",
        "month 13 is outside 1..12",
    ),
    ("products.yaml", 'price: "8.50"', 'price: "-8.50"', "products[0].price", "must not be negative"),
    ("products.yaml", "id: coffee-snacks", "id: coffee-basic", "products[1].id", "duplicate product id"),
    ("venue.yaml", 'open_from: "08:00"', 'open_from: "8am"', "policies.open_from", "bad time '8am'"),
    (
        "venue.yaml",
        '{name: all_day, start: "09:00", end: "17:00"',
        '{name: all_day, start: "09:00", end: "09:00"',
        "policies.windows[0].end",
        "end 09:00 must be after start 09:00",
    ),
    (
        "venue.yaml",
        'blackouts: ["12-24", "12-31"]',
        'blackouts: ["13-24", "12-31"]',
        "policies.blackouts[0]",
        "month 13",
    ),
    ("venue.yaml", "lead_days: 3", "lead_day: 3", "policies.lead_day", "unknown field 'lead_day'"),
    (
        "venue.yaml",
        'open_until: "23:00"',
        'open_until: "07:00"',
        "policies.open_until",
        "must be after opening",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "fragment"), MALFORMED, ids=[row[3] for row in MALFORMED]
)
def test_a_malformed_file_names_file_line_and_field(catalogue_copy: Path, file, old, new, field, fragment):
    path = catalogue_copy / file
    text = path.read_text()
    assert old in text
    position = text.index(old)
    text = text.replace(old, new, 1)
    path.write_text(text)
    last_line_of_new = text[: position + len(new)].count("\n") + 1
    with pytest.raises(CatalogueError) as caught:
        load_venue(catalogue_copy)
    message = str(caught.value)
    assert f"{file} line {last_line_of_new}: {field}: " in message
    assert fragment in message


def test_a_missing_field_points_at_its_entry(catalogue_copy: Path):
    path = catalogue_copy / "rooms.yaml"
    path.write_text(path.read_text().replace("    name: {en: Room A, de: Raum A}\n", ""))
    with pytest.raises(
        CatalogueError, match=r"rooms\.yaml line 3: rooms\[0\]\.name: required field 'name' is missing"
    ):
        load_venue(catalogue_copy)


def test_a_yaml_syntax_error_names_file_and_line(catalogue_copy: Path):
    path = catalogue_copy / "rooms.yaml"
    lines = path.read_text().splitlines()
    lines[5] = "    min_guests: [12"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CatalogueError, match=r"rooms\.yaml line \d+: YAML syntax error"):
        load_venue(catalogue_copy)


def test_a_missing_file_is_named(catalogue_copy: Path):
    (catalogue_copy / "products.yaml").unlink()
    with pytest.raises(CatalogueError, match=r"products\.yaml: file not found"):
        load_venue(catalogue_copy)


def test_every_problem_is_reported(catalogue_copy: Path):
    path = catalogue_copy / "rooms.yaml"
    path.write_text(
        path.read_text().replace('half_day: "300"', 'half_day: "-1"').replace("area_m2: 35", "area_m2: -5")
    )
    with pytest.raises(CatalogueError) as caught:
        load_venue(catalogue_copy)
    assert [problem.field for problem in caught.value.problems] == ["rooms[0].half_day", "rooms[3].area_m2"]


def test_stored_documents_are_validated_again():
    documents = load_catalogue_documents()
    broken = CatalogueDocuments(
        documents.venue, [{**documents.rooms[0], "capacity": {"theater": 40}}], documents.products
    )
    with pytest.raises(CatalogueError, match=r"rooms\.yaml: rooms\[0\]\.capacity\.theater: unknown layout"):
        venue_from_documents(broken)


def test_event_types_imply_the_layouts_docs_venue_md_names(venue):
    assert dict(venue.implied_layouts) == {
        "dinner": "banquet", "gala": "banquet", "wedding": "banquet", "apero": "standing", "reception": "standing",
        "conference": "theatre", "workshop": "workshop", "board_meeting": "boardroom",
    }


def test_a_meal_s_options_are_the_products_tagged_with_it(venue):
    assert [product.id for product in venue.meal_options("lunch")] == ["lunch", "lunch-premium"]
    assert [product.id for product in venue.meal_options("apero")] == ["apero-classic", "apero-premium"]
    assert venue.event_type("lunch_meeting").meal == "lunch"


def test_an_event_type_with_an_unknown_layout_is_reported_by_file_and_field(tmp_path):
    for name in ("rooms.yaml", "products.yaml"):
        (tmp_path / name).write_text(DATA.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    venue_text = DATA.joinpath("venue.yaml").read_text(encoding="utf-8")
    (tmp_path / "venue.yaml").write_text(venue_text.replace("layout: banquet, meal: dinner,\n     words: [dinner,",
                                                            "layout: banket, meal: dinner,\n     words: [dinner,"),
                                         encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"venue.yaml line \d+: event_types\[0\]\.layout: unknown layout 'banket'"):
        load_venue(tmp_path)
