"""The two seams manager mail is composed and sent through: a sender of finished messages and the signer of
decision links. `smtp_delivery.SmtplibSender` and `links.LinkSigner` implement them."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol


class MailSender(Protocol):
    """Hands one finished message to the mail system; raising means it was not sent."""

    def send(self, message: EmailMessage) -> None: ...


class DecisionLinks(Protocol):
    """Signed, expiring links that decide a task as one manager (`approve` or `reject`); their GET only confirms."""

    def for_decision(self, task_id: str, decision: str, manager_id: str) -> str: ...
