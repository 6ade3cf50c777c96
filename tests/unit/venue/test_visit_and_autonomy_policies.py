"""The catalogue's `site_visits` and `autonomy` policies (docs/venue.md, docs/design.md §4.13): read from venue.yaml,
defaults when left out, and a bad value named by file and field."""

from __future__ import annotations

from datetime import date, datetime, time
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from venuedesk.domain.site_visits import site_visit_slots
from venuedesk.venue.loader import CatalogueError, load_venue

DATA = resources.files("venuedesk.venue").joinpath("data")
MONDAY = datetime(2026, 2, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))
DEMO_VISITS = ('site_visits: {times: ["10:00", "14:00", "16:00"], weekdays: [0, 1, 2, 3, 4], min_days_ahead: 2, '
               'duration_minutes: 60}')


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    for name in ("venue.yaml", "rooms.yaml", "products.yaml"):
        (tmp_path / name).write_text(DATA.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def _replace(folder: Path, old: str, new: str) -> None:
    path = folder / "venue.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_demo_venue_offers_visits_on_weekdays_at_10_14_and_16_two_days_ahead() -> None:
    rules = load_venue().policies.site_visits
    assert (rules.times, rules.weekdays, rules.min_days_ahead, rules.duration_minutes) == (
        (time(10), time(14), time(16)), (0, 1, 2, 3, 4), 2, 60)


def test_the_demo_venue_reviews_offers_counters_confirmations_cancellations_and_sends_general_at_once() -> None:
    assert load_venue().policies.autonomy == {"offer": "review", "counter": "review", "confirmation": "review",
                                              "cancellation": "review", "general": "auto"}


def test_the_catalogues_visit_times_drive_the_slots(catalogue_copy: Path) -> None:
    _replace(catalogue_copy, DEMO_VISITS, 'site_visits: {times: ["09:30"], weekdays: [4]}')
    policies = load_venue(catalogue_copy).policies
    slots = site_visit_slots(MONDAY, date(2026, 3, 10), [], policies, 2, policies.site_visits)
    assert [slot.isoformat() for slot in slots] == ["2026-02-06T09:30:00+01:00", "2026-02-13T09:30:00+01:00"]


def test_visit_rules_left_out_keep_the_defaults(catalogue_copy: Path) -> None:
    _replace(catalogue_copy, DEMO_VISITS, "site_visits: {min_days_ahead: 5}")
    rules = load_venue(catalogue_copy).policies.site_visits
    assert (rules.times, rules.min_days_ahead) == ((time(10), time(14), time(16)), 5)


def test_a_partial_autonomy_map_keeps_the_defaults_for_the_other_kinds(catalogue_copy: Path) -> None:
    _replace(catalogue_copy, "autonomy: {offer: review, counter: review, confirmation: review, cancellation: review, "
             "general: auto}", "autonomy: {offer: auto}")
    autonomy = load_venue(catalogue_copy).policies.autonomy
    assert (autonomy["offer"], autonomy["counter"], autonomy["general"]) == ("auto", "review", "auto")


def test_an_unknown_autonomy_value_is_named_by_file_and_field(catalogue_copy: Path) -> None:
    _replace(catalogue_copy, "autonomy: {offer: review,", "autonomy: {offer: sometimes,")
    with pytest.raises(CatalogueError, match=r"venue.yaml line \d+: policies.autonomy.offer"):
        load_venue(catalogue_copy)


def test_a_visit_weekday_outside_monday_to_sunday_is_refused(catalogue_copy: Path) -> None:
    _replace(catalogue_copy, "weekdays: [0, 1, 2, 3, 4]", "weekdays: [0, 7]")
    with pytest.raises(CatalogueError, match=r"policies.site_visits.weekdays"):
        load_venue(catalogue_copy)
