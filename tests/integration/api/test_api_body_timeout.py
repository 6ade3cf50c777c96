"""A request body that trickles in is cut off: 408 with the reason once VENUEDESK_BODY_TIMEOUT_SECONDS passed,
over a real socket under uvicorn (whose keep-alive timeout does not cover a body)."""

from __future__ import annotations

import json
import select
import socket
from pathlib import Path

from api_helpers import MANAGER_TOKEN
from served_app import served
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk

BODY = json.dumps({"text": "Workshop for 30 people in March"}).encode()


def _send_headers(conn: socket.socket, host: str, port: int, length: int) -> None:
    conn.sendall(f"POST /api/threads HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {length}\r\n\r\n".encode())


def _response(conn: socket.socket) -> bytes:
    received = b""
    try:
        while chunk := conn.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass  # the server closed on bytes still in flight; what it sent before is what counts
    return received


def test_a_trickled_body_gets_408_and_the_connection_closes(desk: Desk, tmp_path: Path) -> None:
    app = create_app(desk, manager_token=MANAGER_TOKEN,
                     settings=ServerSettings(home=tmp_path, body_timeout_seconds=0.3))
    with served(app) as (host, port), socket.create_connection((host, port), timeout=10) as conn:
        _send_headers(conn, host, port, len(BODY) * 100)
        for byte in BODY * 100:  # one byte per 50 ms: the whole body would take minutes
            if select.select([conn], [], [], 0.05)[0]:
                break
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                break
        answer = _response(conn)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), answer
    assert b"connection: close" in head.lower()
    assert json.loads(body)["error"]["code"] == "request_timeout"


def test_a_body_sent_at_once_is_not_cut_off(desk: Desk, tmp_path: Path) -> None:
    app = create_app(desk, manager_token=MANAGER_TOKEN,
                     settings=ServerSettings(home=tmp_path, body_timeout_seconds=5))
    with served(app) as (host, port), socket.create_connection((host, port), timeout=10) as conn:
        _send_headers(conn, host, port, 2)
        conn.sendall(b"{}")
        status = conn.recv(65536).split(b"\r\n", 1)[0]
    assert status == b"HTTP/1.1 201 Created"


def test_a_stalled_body_gets_408(desk: Desk, tmp_path: Path) -> None:
    app = create_app(desk, manager_token=MANAGER_TOKEN,
                     settings=ServerSettings(home=tmp_path, body_timeout_seconds=0.2))
    with served(app) as (host, port), socket.create_connection((host, port), timeout=10) as conn:
        _send_headers(conn, host, port, len(BODY))
        conn.sendall(BODY[:5])
        answer = _response(conn)
    assert answer.startswith(b"HTTP/1.1 408"), answer
