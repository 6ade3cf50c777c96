"""Two API processes on one PostgreSQL (the first one `serve --workers 2`): whatever is changed through one process
is what the other serves, because no state that matters lives in a process."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from horizontal_helpers import EXECUTABLE, postgres_url
from venuedesk.soak import Cluster, cluster

pytestmark = pytest.mark.postgres
DATA = Path(__file__).resolve().parents[3] / "src" / "venuedesk" / "venue" / "data"
INQUIRY = "Hello, we plan a workshop for 20 people on 10 March 2026, 9 to 5. Jane Doe, jane@example.com"


@pytest.fixture(scope="module")
def group() -> Iterator[Cluster]:
    # Checking the catalogue revision on every request: the test need not wait out an interval.
    with cluster(EXECUTABLE, postgres_url(), apis=2, workers=0, first_api_workers=2,
                 catalogue_check_seconds=0) as running:
        yield running


def _client(group: Cluster, index: int) -> httpx.Client:
    return httpx.Client(base_url=group.apis[index].base_url, timeout=30, trust_env=False)


def _manager(group: Cluster) -> dict[str, str]:
    return {"Authorization": f"Bearer {group.credentials.manager_token}"}


def test_an_autonomy_change_made_through_one_process_is_served_by_the_other(group: Cluster) -> None:
    with _client(group, 0) as first, _client(group, 1) as second:
        changed = first.put("/api/settings/autonomy", json={"counter": "auto"}, headers=_manager(group))
        assert changed.status_code == 200, changed.text
        assert second.get("/api/settings/autonomy", headers=_manager(group)).json()["counter"] == "auto"


def test_a_thread_opened_on_one_process_goes_on_on_the_other_with_its_token(group: Cluster) -> None:
    with _client(group, 0) as first, _client(group, 1) as second:
        opened = first.post("/api/threads").json()
        headers = {"Authorization": f"Bearer {opened['client_token']}"}
        reply = second.post(f"/api/threads/{opened['thread_id']}/messages", json={"text": INQUIRY}, headers=headers)
        assert reply.status_code == 200, reply.text
        assert first.get(f"/api/threads/{opened['thread_id']}", headers=headers).json()["replies"] == [reply.json()]


def test_a_catalogue_seeded_while_both_run_is_served_by_both_once_ready(group: Cluster, tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    for name in ("rooms.yaml", "products.yaml"):
        (catalogue / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    venue = yaml.safe_load((DATA / "venue.yaml").read_text(encoding="utf-8"))
    venue["policies"]["autonomy"]["cancellation"] = "auto"
    (catalogue / "venue.yaml").write_text(yaml.safe_dump(venue, allow_unicode=True), encoding="utf-8")
    seeded = subprocess.run([str(EXECUTABLE), "db", "seed", "--catalogue", str(catalogue)],
                            env=group.apis[1].env, capture_output=True, text=True, timeout=120)
    assert seeded.returncode == 0, seeded.stderr
    for index in (0, 1):
        with _client(group, index) as http:
            assert http.get("/readyz").status_code == 200
            assert http.get("/api/settings/autonomy", headers=_manager(group)).json()["cancellation"] == "auto"
