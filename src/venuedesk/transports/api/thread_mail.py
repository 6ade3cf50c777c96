"""Manager endpoints over a thread's inbound mail: list the mails with their files, download a kept file.

A file is served only when a mail of that thread records it, under the thread's own attachment folder; any other
name, another thread's file or a path trick is 404 (docs/design.md §4.10)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse

from venuedesk.transports.api.auth import require_manager
from venuedesk.transports.api.deps import ThreadId, get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.transports.api.schemas import MailOut, with_downloads
from venuedesk.transports.mail.attachments import thread_folder
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.mail_view import mail_view
from venuedesk.workflow.mail_view import stored_name as stored_name_of

router = APIRouter(prefix="/api/threads/{thread_id}", tags=["manager"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Manager = Annotated[str, Depends(require_manager)]
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._()+ -]+")
FILE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox",
                "Cache-Control": "private, no-store"}


@router.get("/mail", response_model=list[MailOut], responses=error_responses(401, 403, 404, 422, 500))
def thread_mail(desk: DeskDep, manager: Manager, thread_id: ThreadId) -> list[MailOut]:
    """The client's mails on the thread, oldest first: when each arrived, its subject, its outcome (`accepted`,
    `auto_reply`, `rejected`) with the reason, and its files; a kept file has a `download` path, a refused one the
    reason it was not kept. 404 for an unknown thread; an empty list for a thread that came in by chat."""
    with desk.uow() as uow:
        if uow.threads.get(thread_id) is None:
            raise ApiError(404, "not_found", f"thread {thread_id!r} does not exist")
        mails = mail_view(uow.mail, thread_id)
    return with_downloads(thread_id, [MailOut.model_validate(mail) for mail in mails])


@router.get("/attachments/{stored_name}", response_class=FileResponse, responses={
    200: {"content": {"application/octet-stream": {}},
          "description": "The file as the client sent it, with its original name and recorded content type"},
    **error_responses(401, 403, 404, 422, 500)})
def thread_attachment(request: Request, desk: DeskDep, manager: Manager, thread_id: ThreadId,
                      stored_name: Annotated[str, PathParam(max_length=200)]) -> FileResponse:
    """One kept file of the thread's mail, as a download (`Content-Disposition: attachment` with its original
    name). Only a file a mail of this thread records is served; anything else is 404."""
    with desk.uow() as uow:
        records = [item for row in uow.mail.for_thread(thread_id) for item in row.attachments]
    record = next((item for item in records if stored_name_of(thread_id, item) == stored_name), None)
    path = _inside_folder(request.app.state.home, thread_id, stored_name) if record is not None else None
    if record is None or path is None:
        raise ApiError(404, "not_found", f"thread {thread_id!r} has no file {stored_name!r}")
    headers = {**FILE_HEADERS, "Content-Disposition": content_disposition(str(record["filename"]))}
    return FileResponse(path, media_type=str(record["content_type"]), headers=headers)


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII `filename` fallback and the exact UTF-8 name as `filename*` (RFC 6266 §4.3)."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    fallback = _NOT_ASCII_SAFE.sub("_", fallback).strip(" .") or "attachment"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _inside_folder(home: Path, thread_id: str, stored_name: str) -> Path | None:
    """The file under the thread's folder, or None when it is missing or would resolve outside the folder."""
    try:
        folder = thread_folder(home, thread_id).resolve()
    except ValueError:
        return None
    path = (folder / stored_name).resolve()
    return path if path.parent == folder and path.is_file() else None
