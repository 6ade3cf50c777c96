"""What the multi-process tests share: the `venuedesk` command and the PostgreSQL URL (they skip without one)."""

from __future__ import annotations

import sys
from pathlib import Path

from postgres_server import postgres_url_or_skip

EXECUTABLE = Path(sys.executable).with_name("venuedesk")


def postgres_url() -> str:
    """VENUEDESK_TEST_POSTGRES_URL, or skip the test."""
    return postgres_url_or_skip("the multi-process tests need VENUEDESK_TEST_POSTGRES_URL")
