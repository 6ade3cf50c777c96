"""A hold's clock start, read back from its expiry (tools/holds.py), across the spring DST change."""

from __future__ import annotations

from datetime import datetime

from venuedesk.clock import VENUE_TZ
from venuedesk.domain.availability import option_expiry
from venuedesk.tools.holds import placed_for
from venuedesk.venue.loader import load_venue


def test_the_placement_is_the_expiry_minus_seven_times_24_hours_across_a_dst_change() -> None:
    venue = load_venue()
    placed = datetime(2026, 3, 25, 10, 0, tzinfo=VENUE_TZ)  # DST starts on 29 March
    assert placed_for(option_expiry(placed, venue.policies), venue) == placed
