"""A thread's inbound mail as the manager sees it: when each mail came, its subject, what became of it and its
files (kept under the thread's folder with their stored name, or refused with the reason); never the sender."""

from __future__ import annotations

from typing import Any

from venuedesk.store.repositories.mail import MailRepository


def mail_view(mail: MailRepository, thread_id: str) -> list[dict[str, Any]]:
    """The client's mails on the thread, oldest first, each with its files."""
    return [{"received_at": row.received_at.isoformat(), "subject": row.subject, "outcome": row.outcome,
             "reason": row.reason, "attachments": [file_view(thread_id, item) for item in row.attachments]}
            for row in mail.for_thread(thread_id) if row.direction == "in"]


def file_view(thread_id: str, record: dict[str, Any]) -> dict[str, Any]:
    """One file of a mail: its original name, type and size, its `stored_name` when it is kept, else why not."""
    return {"filename": str(record["filename"]), "content_type": str(record["content_type"]),
            "size": int(record["size"]), "stored_name": stored_name(thread_id, record),
            "refused": record.get("refused")}


def stored_name(thread_id: str, record: dict[str, Any]) -> str | None:
    """The file's name in the thread's attachment folder when the record keeps it there; None for a refused file
    or one kept elsewhere (an unreadable mail's bytes)."""
    path = record.get("path")
    if not isinstance(path, str) or record.get("refused"):
        return None
    folder, _, name = path.rpartition("/")
    return name if folder == f"attachments/{thread_id}" and name else None
