"""A local SMTP sink (aiosmtpd on a loopback port) that keeps every mail it accepts: the outbound server of the
mail demo (`venuedesk mail-sink` prints what the desk sends) and of the tests, which can also tell it to answer
RCPT TO with a temporary (451) or permanent (550) refusal for the next attempts."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class SinkHandler:
    """aiosmtpd handler: refuses the next `refusals` recipients with `refusal`, keeps every accepted mail."""

    refusal: str = "451 4.3.0 try again later"
    refusals: int = 0
    received: list[bytes] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if self.refusals > 0:
            self.refusals -= 1
            return self.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(bytes(envelope.original_content or envelope.content))
        self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        """The accepted mails, parsed."""
        return [message_from_bytes(raw, _class=EmailMessage, policy=policy.default) for raw in self.received]


@dataclass(frozen=True)
class Sink:
    """The running server: its SMTP URL and its handler."""

    url: str
    handler: SinkHandler


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_sink(port: int | None = None, handler: SinkHandler | None = None) -> Iterator[Sink]:
    """Start the sink on 127.0.0.1 (a free port unless given) and stop it (joining its thread) when the block ends."""
    handler = handler or SinkHandler()
    port = port or _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    try:
        yield Sink(url=f"smtp://127.0.0.1:{port}?timeout=5", handler=handler)
    finally:
        controller.stop()


@dataclass
class PrintingHandler(SinkHandler):
    """A sink that also prints each mail it accepts (headers, then its text part): the mail demo's outbox view."""

    out: Callable[[str], None] = print

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        self.out(describe(self.messages()[-1]))
        return answer


def describe(message: EmailMessage) -> str:
    """A mail as a person reads it in a terminal: who, what, and the plain-text body."""
    body = message.get_body(preferencelist=("plain",))
    text = str(body.get_content()) if body is not None else "(no text part)"
    heads = "\n".join(f"{name}: {str(message[name]).strip()}" for name in ("From", "To", "Reply-To", "Subject", "Message-ID",
                                                              "In-Reply-To") if message[name])
    return f"{'=' * 78}\n{heads}\n\n{text.rstrip()}\n"
