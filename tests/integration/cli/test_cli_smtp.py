"""`venuedesk smtp --listen HOST:PORT` and `venuedesk serve --smtp HOST:PORT` receive mail for the desk's
domain, say where in one line, stop cleanly on SIGTERM, and end with one line and exit 2 on a busy or
malformed address."""

from __future__ import annotations

import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import venuedesk

SRC = Path(venuedesk.__file__).resolve().parents[1]
MAIL = (b"From: anna@example.com\r\nTo: desk@venue.example\r\nSubject: Workshop\r\nMessage-ID: <cli1@example.com>\r\n"
        b"\r\nHello, we would like a workshop for 30 people in March, ideally a Tuesday, 9 to 5.\r\n")


def _run(args: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
           "VENUEDESK_MAIL_FROM": "desk@venue.example", "VENUEDESK_MANAGER_TOKEN": "mgr_cli_test_7f3a9c2e5b1d8f4a6c0e92d1"}
    return subprocess.Popen([sys.executable, "-m", "venuedesk.cli", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _smtp_port(process: subprocess.Popen[str]) -> int:
    """The port from the "receiving mail … on smtp://HOST:PORT" line."""
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if "smtp://" in line:
            return int(line.rsplit(":", 1)[1])
        if not line and process.poll() is not None:
            break
    pytest.fail("the listener never said where it receives mail")


def _plain_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith("{")]


def _mail_rows(tmp_path: Path) -> list[tuple[str, str]]:
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text("SELECT message_id, outcome FROM mail_messages"))]
    finally:
        engine.dispose()


@pytest.fixture
def busy_port() -> Iterator[int]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    yield listener.getsockname()[1]
    listener.close()


def test_smtp_receives_a_mail_and_stops_cleanly_on_sigterm(home: Path, tmp_path: Path) -> None:
    process = _run(["smtp", "--listen", "127.0.0.1:0"])
    try:
        port = _smtp_port(process)
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
            client.sendmail("anna@example.com", ["desk@venue.example"], MAIL)
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert _mail_rows(tmp_path) == [("<cli1@example.com>", "accepted")]


def test_serve_with_smtp_receives_mail_beside_the_api(home: Path, tmp_path: Path) -> None:
    process = _run(["serve", "--port", "0", "--smtp", "127.0.0.1:0"])
    try:
        port = _smtp_port(process)
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
            client.sendmail("anna@example.com", ["desk@venue.example"], MAIL)
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert _mail_rows(tmp_path) == [("<cli1@example.com>", "accepted")]


def test_smtp_on_a_busy_port_says_so_in_one_line(home: Path, busy_port: int) -> None:
    process = _run(["smtp", "--listen", f"127.0.0.1:{busy_port}"])
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    [line] = _plain_lines(err)
    assert line.startswith(f"cannot receive mail on 127.0.0.1:{busy_port}: ") and "Traceback" not in err


def test_smtp_with_a_malformed_address_is_exit_2(home: Path) -> None:
    process = _run(["smtp", "--listen", "nowhere"])
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 2 and "HOST:PORT" in err
