"""Files a client mailed, kept under `<VENUEDESK_HOME>/attachments/<thread_id>/` within the mail limits and
deleted with the thread; what was refused (type, size, count) is named, never silently dropped."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from venuedesk.transports.mail.inbound import Attachment
from venuedesk.transports.mail.settings import MailSettings

ALLOWED_TYPES = frozenset({
    "application/pdf", "text/plain", "text/calendar", "application/msword", "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint", "application/rtf", "message/rfc822",
})  # message/rfc822: an inquiry forwarded as an attachment (kept as .eml, never opened)
ALLOWED_PREFIXES = (
    "image/", "application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.",
)
REFUSED_IMAGES = frozenset({"image/svg+xml"})  # an SVG is a script container, not a picture
_THREAD_ID = re.compile(r"^thr_[A-Za-z0-9_]{1,60}$")
_UNSAFE = re.compile(r"[^\w.\- ]+")
MAX_NAME_CHARS = 100


@dataclass(frozen=True)
class StoredFile:
    """One attachment's fate: stored (with its path under the home) or refused (with the reason, and its kind:
    `type`, `size`, `count` or `empty`, which the client's reply names)."""

    filename: str
    content_type: str
    size: int
    path: str | None
    refused: str | None = None
    refused_as: str | None = None

    def as_record(self) -> dict[str, Any]:
        """The JSON kept with the mail for the manager."""
        return {"filename": self.filename, "content_type": self.content_type, "size": self.size,
                "path": self.path, "refused": self.refused}


def thread_folder(home: Path, thread_id: str) -> Path:
    """The thread's attachment folder; ValueError for anything that is not a thread id (no path tricks)."""
    if not _THREAD_ID.match(thread_id):
        raise ValueError(f"not a thread id: {thread_id!r}")
    return home / "attachments" / thread_id


def allowed_type(content_type: str, filename: str) -> str | None:
    """The content type to keep the file as, or None when the type is not allowed; a generic
    application/octet-stream is judged by the file name's extension."""
    kind = content_type.lower()
    if kind == "application/octet-stream":
        kind = (mimetypes.guess_type(filename)[0] or kind).lower()
    if kind in REFUSED_IMAGES:
        return None
    if kind in ALLOWED_TYPES or kind.startswith(ALLOWED_PREFIXES):
        return kind
    return None


def safe_name(filename: str, data: bytes) -> str:
    """A file name safe on every file system, prefixed with the content's hash so two files never collide and
    a redelivered file lands on itself."""
    base = unicodedata.normalize("NFKC", re.split(r"[\\/]", filename)[-1])
    base = _UNSAFE.sub("_", base).strip(" ._") or "attachment"
    stem, dot, extension = base.rpartition(".")
    if dot and len(extension) <= 10:
        base = f"{stem[:MAX_NAME_CHARS - len(extension) - 1]}.{extension}"
    else:
        base = base[:MAX_NAME_CHARS]
    return f"{hashlib.sha256(data).hexdigest()[:12]}-{base}"


def store_attachments(
    home: Path, thread_id: str, attachments: tuple[Attachment, ...], settings: MailSettings,
) -> list[StoredFile]:
    """Keep the allowed files of a mail in the thread's folder (written atomically); name each refused one."""
    folder = thread_folder(home, thread_id)
    results: list[StoredFile] = []
    kept = 0
    for item in attachments:
        kind = allowed_type(item.content_type, item.filename)
        size = len(item.data)
        refusal = _refusal(kind, size, kept, item, settings)
        if refusal is not None:
            refused_as, refused = refusal
            results.append(StoredFile(item.filename, item.content_type, size, None, refused, refused_as))
            continue
        assert kind is not None
        name = safe_name(item.filename, item.data)
        _write(folder / name, item.data)
        kept += 1
        results.append(StoredFile(item.filename, kind, size, f"attachments/{thread_id}/{name}"))
    return results


def keep_text(home: Path, thread_id: str, text: str) -> StoredFile:
    """Keep a mail's whole text as a file of the thread (when it is longer than a message may be)."""
    data = text.encode("utf-8")
    name = safe_name("mail.txt", data)
    _write(thread_folder(home, thread_id) / name, data)
    return StoredFile("mail.txt", "text/plain", len(data), f"attachments/{thread_id}/{name}")


def delete_thread_attachments(home: Path, thread_id: str) -> bool:
    """Delete every file kept for the thread; True when there was a folder to delete. Call it wherever a
    thread is deleted."""
    folder = thread_folder(home, thread_id)
    if not folder.is_dir():
        return False
    shutil.rmtree(folder)
    return True


def _refusal(
    kind: str | None, size: int, kept: int, item: Attachment, settings: MailSettings,
) -> tuple[str, str] | None:
    """Why the file is not kept, as (kind of refusal, reason for the manager); None when it is kept."""
    if kind is None:
        return "type", (f"type {item.content_type} is not accepted (PDF, images, office documents, calendar and "
                        "text files and attached mails are)")
    if size > settings.max_attachment_bytes:
        return "size", f"{size} bytes is over the limit of {settings.max_attachment_bytes} bytes"
    if kept >= settings.max_attachments:
        return "count", f"over the limit of {settings.max_attachments} attachments per mail"
    if size == 0:
        return "empty", "the file is empty"
    return None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    os.replace(temporary, path)
