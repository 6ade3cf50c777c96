"""The shared process harness (`venuedesk.process_harness`) the race, crash and soak tests stand on: a `serve`
process killed with SIGKILL starts again on its port with everything it had committed, on SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from postgres_server import postgres_url_or_skip
from venuedesk.process_harness import ApiProcess, database_folder

EXECUTABLE = Path(sys.executable).with_name("venuedesk")
INQUIRY = "Hello, we plan a workshop for 30 people in March. Jane Doe, jane@example.com"


def _pg_url() -> str:
    return postgres_url_or_skip("PostgreSQL tests need VENUEDESK_TEST_POSTGRES_URL")


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_killed_api_process_restarts_on_its_port_and_still_has_the_committed_thread(backend: str) -> None:
    pg_url = _pg_url() if backend == "postgres" else ""
    with database_folder(backend, pg_url) as (folder, url):
        server = ApiProcess(EXECUTABLE, url, folder)
        server.start()
        try:
            server.wait_ready()
            with httpx.Client(base_url=server.base_url, timeout=30, trust_env=False) as http:
                opened = http.post("/api/threads").json()
                headers = {"Authorization": f"Bearer {opened['client_token']}"}
                reply = http.post(f"/api/threads/{opened['thread_id']}/messages", json={"text": INQUIRY},
                                  headers=headers)
                assert reply.status_code == 200, reply.text
            first_pid = server.pid
            server.kill()
            assert not server.running()
            server.start()
            server.wait_ready()
            assert server.pid != first_pid
            with httpx.Client(base_url=server.base_url, timeout=30, trust_env=False) as http:
                view = http.get(f"/api/threads/{opened['thread_id']}", headers=headers)
            assert view.status_code == 200, view.text
            assert view.json()["replies"] == [reply.json()]
        finally:
            server.stop()
        assert server.rss_bytes() == 0 and server.pids() == []
