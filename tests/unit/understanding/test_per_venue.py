"""What the understanding derives from a venue is built once per Venue object and dropped with it."""

from __future__ import annotations

import dataclasses
import gc

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding.per_venue import PerVenue


def counting() -> tuple[PerVenue[str], list[str]]:
    built: list[str] = []

    def build(venue: Venue) -> str:
        built.append(venue.name)
        return venue.name.upper()

    return PerVenue(build), built


def test_a_venue_is_built_for_once(venue: Venue) -> None:
    names, built = counting()
    assert names(venue) == names(venue) == venue.name.upper()
    assert built == [venue.name]


def test_another_venue_object_gets_its_own_value(venue: Venue) -> None:
    names, built = counting()
    renamed = dataclasses.replace(venue, name="Other Hall")
    assert (names(venue), names(renamed)) == (venue.name.upper(), "OTHER HALL")
    assert built == [venue.name, "Other Hall"]


def test_the_value_goes_with_its_venue(venue: Venue) -> None:
    names, _built = counting()
    passing = dataclasses.replace(venue, name="Pop-up")
    names(passing)
    del passing
    gc.collect()
    assert len(names._values) == 0
