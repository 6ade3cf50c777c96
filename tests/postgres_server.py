"""The PostgreSQL server of the multi-process tests (races, crashes, horizontal, the process harness)."""

from __future__ import annotations

import os

import pytest


def postgres_url_or_skip(why: str) -> str:
    """VENUEDESK_TEST_POSTGRES_URL, or skip the test with `why` when it is unset."""
    url = os.environ.get("VENUEDESK_TEST_POSTGRES_URL", "").strip()
    if not url:
        pytest.skip(why)
    return url
