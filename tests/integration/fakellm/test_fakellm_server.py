"""Routes, error shapes, control endpoints, the recorder, stop() and the `venuedesk fake-llm` command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from fakellm_helpers import chat_messages

from venuedesk.fakellm import FakeLLM


def _http(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _chat(url: str, path: str = "/openai/v1/chat/completions", **headers: str) -> tuple[int, Any]:
    body = json.dumps({"model": "m", "messages": chat_messages()}).encode()
    return _http(url + path, body, headers)


def test_unknown_path_is_404_in_the_vendor_shape(fake) -> None:
    status, body = _http(fake.base_url + "/openai/v1/embeddings", b"{}")
    assert status == 404 and body["error"]["type"] == "invalid_request_error"
    status, body = _http(fake.base_url + "/mistral/v1/fim/completions", b"{}")
    assert status == 404 and body["object"] == "error"


def test_bad_json_is_400_in_the_vendor_shape(fake) -> None:
    status, body = _http(fake.base_url + "/openai/v1/chat/completions", b"{not json")
    assert status == 400 and "error" in body
    status, body = _http(fake.base_url + "/mistral/v1/chat/completions", b"[1, 2")
    assert status == 400 and body["object"] == "error"
    status, body = _http(fake.base_url + "/openai/v1/chat/completions", b'{"model": "m"}')
    assert status == 400 and "messages" in body["error"]["message"]


def test_recorder_counts_requests_and_hides_credentials(fake) -> None:
    _chat(fake.base_url, Authorization="Bearer secret")
    _chat(fake.base_url, "/mistral/v1/chat/completions")
    _chat(fake.base_url, "/mistral/v1/chat/completions", **{"X-Fake-LLM-Fault": "server_error"})
    assert fake.recorder.counts() == {"/openai/v1/chat/completions": 1, "/mistral/v1/chat/completions": 2}
    first = fake.requests[0]
    assert first.body["messages"][1]["content"] and first.completion_tokens > 0
    assert all(key.lower() != "authorization" for key in first.headers)
    status, summary = _http(fake.base_url + "/_fake/requests")
    assert status == 200 and summary["counts"] == fake.recorder.counts()
    assert summary["requests"][2]["faults"] == ["server_error"]
    assert summary["prompt_tokens"] == sum(r.prompt_tokens for r in fake.requests)


def test_control_endpoints_set_and_reset_faults(fake) -> None:
    status, plan = _http(
        fake.base_url + "/_fake/faults", json.dumps({"faults": ["rate_limit"], "count": 1}).encode()
    )
    assert status == 200 and plan["faults"] == ["rate_limit"] and plan["remaining"] == 1
    assert _chat(fake.base_url)[0] == 429
    assert _chat(fake.base_url)[0] == 200
    assert _http(fake.base_url + "/_fake/faults", b'{"faults": ["nope"]}')[0] == 400
    status, _ = _http(fake.base_url + "/_fake/reset", b"")
    assert status == 200 and fake.requests == []


def test_stop_wakes_a_hanging_request() -> None:
    server = FakeLLM(faults=["hang"], hang_seconds=30)
    url = server.start()
    results: list[tuple[int, Any]] = []
    worker = threading.Thread(target=lambda: results.append(_chat(url)))
    worker.start()
    deadline = time.monotonic() + 5
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    server.stop()
    worker.join(timeout=5)
    assert not worker.is_alive() and time.monotonic() - started < 5


def test_cli_serves_until_stopped() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "venuedesk.cli", "fake-llm", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:\d+", process.stdout.readline())
        assert found is not None
        base = found.group(0)
        status, models = _http(f"{base}/openai/v1/models")
        assert status == 200 and models["data"][0]["id"] == "fake-llm"
    finally:
        process.terminate()
        process.wait(timeout=10)
