"""Shared mail builders and counters for the inbound mail tests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, select

from venuedesk.clock import VENUE_TZ
from venuedesk.store.models import InboxRow, MailMessageRow, MessageRow, OutboxRow, ThreadRow
from venuedesk.transports.mail.settings import MailSettings

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
SETTINGS = MailSettings(mail_from="desk@venue.example", mail_secret="mail-secret", inbound_secret="inbound-secret",
                        max_attachment_bytes=4096, max_attachments=3)
INQUIRY = "Hello, we would like a workshop for 30 people in March, ideally a Tuesday, 9 to 5."
SENDER = "anna@example.com"
COUNTED = {"threads": ThreadRow, "messages": MessageRow, "outbox": OutboxRow, "inbox": InboxRow,
           "mail_messages": MailMessageRow}


def mail(text: str = INQUIRY, *, message_id: str | None = "<m1@example.com>", sender: str = SENDER,
         to: str = "desk@venue.example", subject: str = "Workshop", headers: dict[str, str] | None = None) -> bytes:
    """A plain UTF-8 mail from the client to the desk."""
    lines = [f"From: Anna Meier <{sender}>", f"To: {to}", f"Subject: {subject}",
             "Date: Mon, 02 Feb 2026 09:00:00 +0100", "MIME-Version: 1.0",
             "Content-Type: text/plain; charset=utf-8"]
    if message_id is not None:
        lines.append(f"Message-ID: {message_id}")
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n" + text + "\r\n").encode("utf-8")


def counts(engine: Engine) -> dict[str, int]:
    """Rows per table that a mail can add to."""
    with engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(table)) or 0
                for name, table in COUNTED.items()}


def out_of_office(message_id: str = "<ooo1@example.com>", **headers: str) -> bytes:
    """An Exchange-style out-of-office answer."""
    return mail("I am out of the office until Monday.", message_id=message_id, subject="Automatic reply: Workshop",
                headers={"Auto-Submitted": "auto-replied", **headers})
