"""A ChatKit request with a token that does not open the thread counts as a failed authentication of its IP address:
after the app's limit, 429 with Retry-After (the same count as the API's, accounts/throttle.py)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from chatkit_helpers import JSON, WIDGET_WARNING, items_body
from venuedesk.accounts.throttle import DatabaseFailures, FailureThrottle
from venuedesk.transports.chatkit.router import build_chatkit_router
from venuedesk.workflow.desk import Desk

pytestmark = pytest.mark.filterwarnings(WIDGET_WARNING)
LIMIT = 2


def test_wrong_tokens_end_in_429_with_retry_after(desk: Desk) -> None:
    app = FastAPI()
    app.state.auth_throttle = FailureThrottle(DatabaseFailures(desk.engine, LIMIT, 600), str)
    app.include_router(build_chatkit_router(desk))
    client = TestClient(app)
    thread_id = desk.open_thread(channel="chatkit").thread_id
    guess = {**JSON, "Authorization": "Bearer tok_guess"}
    for _ in range(LIMIT):
        assert client.post("/chatkit", content=items_body(thread_id), headers=guess).status_code == 403
    refused = client.post("/chatkit", content=items_body(thread_id), headers=guess)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
