"""What the crash tests share: `serve` and `worker` processes on one fresh PostgreSQL schema, a keyed HTTP client
that tolerates a dying server, waiting for a pause marker, and the database invariants every crash must keep."""

from __future__ import annotations

from email import message_from_bytes, policy
import logging
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy import Engine, text

from postgres_server import postgres_url_or_skip
from venuedesk.calendars.local_server import LocalCalDAV
from venuedesk.faults import ENV as FAULTS_ENV
from venuedesk.jobs.pgqueue import LEASE_ENV
from venuedesk.process_harness import CLOCK, ApiProcess, ChildProcess, free_port
from venuedesk.transports.api.email_inbound import signature_of

EXECUTABLE = Path(sys.executable).with_name("venuedesk")
WAIT_SECONDS = 60.0
LEASE_SECONDS = "3"
INBOUND_SECRET = "crash-inbound-secret"
INQUIRY = "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5. Jane Doe, jane@example.com"
ROOM = "Room B please"
BOOKING = "Hi, we'd like a workshop for 30 people in Room B on 12 March 2026, 9 to 5. Jane Doe, jane@example.com"
CATERING = "Coffee and snacks and lunch for everyone please"
REMINDER = "We have not forgotten you"


def pg_url() -> str:
    """The test PostgreSQL server, or skip: these tests kill processes that share one database."""
    return postgres_url_or_skip("the crash tests need VENUEDESK_TEST_POSTGRES_URL")


def later(delta: timedelta) -> str:
    """The processes' frozen clock moved on by `delta`, as VENUEDESK_CLOCK takes it."""
    return (datetime.fromisoformat(CLOCK) + delta).isoformat()


def with_faults(process: ChildProcess, spec: str | None) -> None:
    """Set (or, with None, clear) the process's VENUEDESK_FAULTS for its next start."""
    process.env.pop(FAULTS_ENV, None)
    if spec:
        process.env[FAULTS_ENV] = spec


def restart(process: ChildProcess, faults: str | None = None) -> None:
    """Start a stopped or killed process again (same port for a server) with these faults, and wait for it."""
    assert not process.running()
    with_faults(process, faults)
    process.start()
    if isinstance(process, ApiProcess):
        process.wait_ready()


def wait_for(condition: Callable[[], bool], what: str, *processes: ChildProcess,
             timeout: float = WAIT_SECONDS) -> None:
    """Poll until `condition()`; fail with the processes' log tails when it never holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    logs = "\n".join(f"--- {p.command[1]}:\n{p.log_tail(40)}" for p in processes)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{logs}")


@dataclass
class Client:
    """One client thread on a server, every post keyed; a post to a server that dies mid-request is None."""

    server: ApiProcess
    thread_id: str = ""
    token: str = ""
    sent: dict[str, dict[str, Any]] = field(default_factory=dict)

    def open(self) -> Client:
        with self._http() as http:
            opened = http.post("/api/threads").json()
        self.thread_id, self.token = opened["thread_id"], opened["client_token"]
        return self

    def _http(self) -> httpx.Client:
        return httpx.Client(base_url=self.server.base_url, timeout=30.0, trust_env=False)

    def post(self, key: str, text_: str, server: ApiProcess | None = None) -> httpx.Response | None:
        """POST a message with Idempotency-Key `key` (to `server` when given); None when the connection broke."""
        self.sent[key] = {"text": text_}
        target = server or self.server
        try:
            with httpx.Client(base_url=target.base_url, timeout=30.0, trust_env=False) as http:
                return http.post(f"/api/threads/{self.thread_id}/messages", json={"text": text_},
                                 headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": key})
        except httpx.TransportError:
            return None

    def view(self) -> dict[str, Any]:
        with self._http() as http:
            response = http.get(f"/api/threads/{self.thread_id}", headers={"Authorization": f"Bearer {self.token}"})
        assert response.status_code == 200, response.text
        return dict(response.json())


def manager_post(server: ApiProcess, path: str, key: str) -> httpx.Response:
    """A manager's keyed POST."""
    with httpx.Client(base_url=server.base_url, timeout=30.0, trust_env=False) as http:
        return http.post(path, headers={"Authorization": f"Bearer {server.manager_token}", "Idempotency-Key": key})


def open_tasks(server: ApiProcess, thread_id: str) -> list[dict[str, Any]]:
    """The thread's open manager tasks."""
    with httpx.Client(base_url=server.base_url, timeout=30.0, trust_env=False) as http:
        tasks = http.get("/api/hil/tasks", params={"status": "open", "limit": 200},
                         headers={"Authorization": f"Bearer {server.manager_token}"}).json()
    return [task for task in tasks if task["thread_id"] == thread_id]


def scalar(engine: Engine, sql: str, **params: Any) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql), params).scalar() or 0)


def rows(engine: Engine, sql: str, **params: Any) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text(sql), params))


def broken_invariants(engine: Engine) -> list[str]:
    """Every way the database shows a half-applied turn or job; empty when all hold."""
    checks = {
        "a hold without its event, or on another room than its event's": """
            SELECT count(*) FROM room_bookings b LEFT JOIN events e ON e.id = b.event_id
             WHERE e.id IS NULL OR e.locked_room_id IS DISTINCT FROM b.room_id""",
        "a stored message, action or decision without its reply": "SELECT count(*) FROM inbox WHERE reply IS NULL",
        "a thread whose client messages and stored inbound items differ in number": """
            SELECT count(*) FROM threads t
             WHERE (SELECT count(*) FROM messages m WHERE m.thread_id = t.id AND m.role = 'client')
                <> (SELECT count(*) FROM inbox i WHERE i.thread_id = t.id AND i.kind IN ('message', 'action'))""",
    }
    return [name for name, sql in checks.items() if scalar(engine, sql)]


def jobs_not_finalised_once(engine: Engine) -> list[Any]:
    """procrastinate jobs still running, or ended more than once (succeeded / failed / aborted events)."""
    return rows(engine, """
        SELECT j.id, j.task_name, j.status, count(e.id) FILTER (WHERE e.type IN ('succeeded', 'failed', 'aborted'))
          FROM procrastinate_jobs j LEFT JOIN procrastinate_events e ON e.job_id = j.id
         GROUP BY j.id HAVING j.status = 'doing'
             OR count(e.id) FILTER (WHERE e.type IN ('succeeded', 'failed', 'aborted')) > 1""")


def doing_jobs(engine: Engine) -> list[int]:
    """The ids of the procrastinate jobs running now (a killed worker's job stays `doing` until it is re-queued)."""
    return [row.id for row in rows(engine, "SELECT id FROM procrastinate_jobs WHERE status = 'doing'")]


def end_stalled_jobs(engine: Engine, stalled: list[int], worker: ChildProcess) -> None:
    """Wait until none of the `stalled` jobs runs any more (re-queued after the lease and ended), then stop the
    worker gracefully: it finishes the job it runs, so every job has ended."""
    wait_for(lambda: not set(stalled) & set(doing_jobs(engine)), "the killed worker's jobs to be re-queued and end",
             worker)
    worker.stop()


def worker_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """A worker's settings for the crash tests: a short lease so a killed worker's job is re-queued quickly."""
    return {LEASE_ENV: LEASE_SECONDS, "VENUEDESK_LOG_LEVEL": "info", **(extra or {})}


class MailSink:
    """A local SMTP server (aiosmtpd) keeping the Message-ID of every mail it receives, in order."""

    def __init__(self) -> None:
        self.message_ids: list[str] = []
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.message_ids.append(str(message["Message-ID"]))
        return "250 OK"

    def deduplicated(self) -> list[str]:
        """What a receiver that drops a Message-ID it has seen keeps: each distinct id once, in order."""
        return list(dict.fromkeys(self.message_ids))

    def __enter__(self) -> MailSink:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()


def mail_env(sink: MailSink, **extra: str) -> dict[str, str]:
    """A worker's outbound mail settings, through the sink."""
    return {"VENUEDESK_SMTP_URL": f"smtp://127.0.0.1:{sink.port}", "VENUEDESK_MAIL_SECRET": "crash-mail-secret",
            "VENUEDESK_MAIL_FROM": "desk@venue.example", **extra}


def post_mail(server: ApiProcess, message_id: str, body: str) -> dict[str, Any]:
    """A client's mail through the signed inbound webhook (the server needs INBOUND_SECRET)."""
    raw = (f"From: Anna <anna@example.com>\r\nTo: desk@venue.example\r\nSubject: Workshop\r\n"
           f"Message-ID: <{message_id}>\r\n\r\n{body}\r\n").encode()
    with httpx.Client(base_url=server.base_url, timeout=30.0, trust_env=False) as http:
        response = http.post("/api/email/inbound", content=raw,
                             headers={"Content-Type": "message/rfc822",
                                      "X-Venuedesk-Signature": signature_of(raw, INBOUND_SECRET)})
    assert response.status_code == 202, response.text
    return dict(response.json())


class PushCalendar:
    """A local CalDAV server (Radicale in this process) holding one calendar for Room B, and a copy of the demo
    catalogue in which Room B pushes its holds there (`env()` points `serve` and `worker` at that catalogue)."""

    def __init__(self, folder: Path, room: str = "room-b") -> None:
        self.folder, self.room = folder, room
        (folder / "caldav").mkdir(parents=True)
        self.server = LocalCalDAV(folder / "caldav")
        self.url = self.server.calendar_url("venue", room)

    def __enter__(self) -> PushCalendar:
        logging.getLogger("radicale").setLevel(logging.ERROR)  # "No user authentication": loopback only, on purpose
        self.server.start()
        import caldav

        client = caldav.DAVClient(url=self.server.url, require_tls=False, enable_rfc6764=False, timeout=10)
        try:
            assert client.mkcol(f"{self.server.url}/venue/", "").status == 201
            assert client.mkcalendar(self.url).status == 201
        finally:
            client.close()
        self._write_catalogue()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    def _write_catalogue(self) -> None:
        demo = resources.files("venuedesk.venue").joinpath("data")
        for name in ("venue.yaml", "rooms.yaml", "products.yaml"):
            shutil.copyfile(str(demo.joinpath(name)), self.folder / name)
        rooms = yaml.safe_load((self.folder / "rooms.yaml").read_text(encoding="utf-8"))
        for room in rooms["rooms"]:
            if room["id"] == self.room:
                room["calendars"] = [{"id": f"{self.room}-cal", "kind": "caldav", "url": self.url, "push": True}]
        (self.folder / "rooms.yaml").write_text(yaml.safe_dump(rooms, allow_unicode=True), encoding="utf-8")

    def env(self) -> dict[str, str]:
        """The processes' setting for the catalogue whose room pushes into this calendar."""
        return {"VENUEDESK_CATALOGUE_DIR": str(self.folder)}

    def uids(self) -> list[str]:
        """The UID of every VEVENT the calendar holds, each read back from the server (a duplicate shows twice)."""
        import caldav

        client = caldav.DAVClient(url=self.url, require_tls=False, enable_rfc6764=False, timeout=10)
        try:
            found = caldav.Calendar(client=client, url=self.url).events()
            return sorted(str(event["UID"]) for item in found
                          for event in Calendar.from_ical(item.data).walk("VEVENT"))
        finally:
            client.close()
