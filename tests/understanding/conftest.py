"""The demo venue as shipped, for the understanding corpus."""

from __future__ import annotations

import pytest

from venuedesk.domain.catalogue import Venue
from venuedesk.venue.loader import load_venue


@pytest.fixture(scope="session")
def shipped_venue() -> Venue:
    return load_venue()
