"""The soak's short CI version (`make soak` runs 10 minutes): ~40 s of whole booking conversations over 2 API
processes and 1 worker end with no error, no lost or duplicated reply and no process whose RSS grew 10 % after the
warm-up."""

from __future__ import annotations

import pytest

from horizontal_helpers import EXECUTABLE, postgres_url
from venuedesk.soak import cluster, run_soak

pytestmark = pytest.mark.postgres
SECONDS = 40.0


def test_a_short_soak_has_no_error_no_lost_or_duplicated_reply_and_flat_memory() -> None:
    with cluster(EXECUTABLE, postgres_url()) as group:
        result = run_soak(group, SECONDS, clients=4, warm_up=15.0)
    assert result.problems() == []
    assert result.conversations > 0 and len(result.rss_mib) == 3
