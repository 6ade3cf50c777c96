"""Constants the browser tests share with the live server."""

from __future__ import annotations

from datetime import datetime

from venuedesk.clock import VENUE_TZ

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
