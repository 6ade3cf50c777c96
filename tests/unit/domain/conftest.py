"""The demo venue (docs/venue.md), loaded once through the real catalogue loader."""

from __future__ import annotations

import pytest

from venuedesk.domain.catalogue import Policies, Venue
from venuedesk.venue.loader import load_venue


@pytest.fixture(scope="session")
def venue() -> Venue:
    return load_venue()


@pytest.fixture(scope="session")
def policies(venue: Venue) -> Policies:
    return venue.policies
