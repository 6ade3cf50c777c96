"""The round-robin client retries a request on the next process only when the connection was refused (nothing
reached a server); any answer, and any failure after the request was sent, is the caller's."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from venuedesk.process_harness import free_port
from venuedesk.round_robin import RoundRobin


class _Counting(BaseHTTPRequestHandler):
    """Answers every GET with the status in the path (`/503`), or hangs up without answering on `/hang-up`."""

    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server interface
        type(self).hits.append(self.path)
        if self.path == "/hang-up":
            self.close_connection = True
            self.connection.close()
            return
        self.send_response(int(self.path.strip("/") or 200))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Counting.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_a_refused_connection_is_sent_to_the_next_process(server: str) -> None:
    with RoundRobin([f"http://127.0.0.1:{free_port()}", server]) as http:
        answers = [http.request("GET", "/200").status_code for _ in range(4)]
        assert answers == [200] * 4 and http.refused == 2


def test_an_error_answer_is_returned_not_retried(server: str) -> None:
    with RoundRobin([server, server]) as http:
        assert http.request("GET", "/503").status_code == 503
    assert _Counting.hits == ["/503"]


def test_a_connection_dropped_after_the_request_was_sent_is_not_retried(server: str) -> None:
    with RoundRobin([server, server]) as http, pytest.raises(httpx.TransportError):
        http.request("GET", "/hang-up")
    assert _Counting.hits == ["/hang-up"]


def test_when_every_process_refuses_past_the_retry_time_the_refusal_is_raised() -> None:
    with RoundRobin([f"http://127.0.0.1:{free_port()}"], retry_seconds=0.0) as http, \
            pytest.raises(httpx.ConnectError):
        http.request("GET", "/")
