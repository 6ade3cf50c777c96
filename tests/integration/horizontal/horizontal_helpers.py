"""What the multi-process tests share: the `venuedesk` command and the PostgreSQL URL (they skip without one)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

EXECUTABLE = Path(sys.executable).with_name("venuedesk")


def postgres_url() -> str:
    """VENUEDESK_TEST_POSTGRES_URL, or skip the test."""
    url = os.environ.get("VENUEDESK_TEST_POSTGRES_URL", "").strip()
    if not url:
        pytest.skip("the multi-process tests need VENUEDESK_TEST_POSTGRES_URL")
    return url
