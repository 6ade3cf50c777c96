"""A real local SMTP server (aiosmtpd) that keeps every message it receives, and the doubles manager mail uses."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
MANAGER = "manager@venue.example"


class Sink:
    """The aiosmtpd handler: every message delivered, parsed, with its envelope recipients."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(message["Subject"]) for message in self.messages]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_sink() -> tuple[Controller, Sink]:
    """A started aiosmtpd Controller on a free loopback port and its sink; stop the controller when done."""
    sink = Sink()
    controller = Controller(sink, hostname=HOST, port=free_port())
    controller.start()
    return controller, sink


class FakeLinks:
    """Decision links that name the task and the decision in clear: https://desk.example/l/<task>/<decision>."""

    def for_decision(self, task_id: str, decision: str, manager_id: str) -> str:
        return f"https://desk.example/l/{task_id}/{decision}"


def text_part(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def html_part(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]
