"""The two seams manager mail is composed and sent through: a sender of finished messages and the signer of
decision links. The outbound SMTP transport and the deep-link signer implement them; `SmtplibSender` is the
minimal sender for a plain SMTP server (a local relay or a test sink)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Protocol

DEFAULT_TIMEOUT_SECONDS = 10.0


class MailSender(Protocol):
    """Hands one finished message to the mail system; raising means it was not sent."""

    def send(self, message: EmailMessage) -> None: ...


class DecisionLinks(Protocol):
    """Signed, expiring links that decide a task as one manager (`approve` or `reject`); their GET only confirms."""

    def for_decision(self, task_id: str, decision: str, manager_id: str) -> str: ...


class SmtplibSender:
    """Send over plain SMTP to `host:port` with the standard library (no TLS, no login: a local relay)."""

    def __init__(self, host: str, port: int, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout

    def send(self, message: EmailMessage) -> None:
        """Deliver the message to its To/Cc recipients; smtplib's errors propagate (the send failed)."""
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as client:
            client.send_message(message)
