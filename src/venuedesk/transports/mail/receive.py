"""The one entry for inbound mail (docs/design.md §4.10): parse → auto-reply check → thread → attachments →
`Desk.handle_message` keyed by the Message-ID, recorded once in `mail_messages`.

Every outcome is recorded, so nothing is lost and the manager sees it: `accepted` (a turn ran), `duplicate`
(this Message-ID was received before: nothing runs again), `ignored` (a machine wrote it: stored, never
answered) and `rejected` (unreadable, or empty; the raw bytes of an unreadable one are kept under
`<home>/mail/rejected/`; a redelivery is rejected again with the same reason). Mail from the desk's own
address is ignored like an auto-reply: it is our own mail come back. A body over the message limit (8000
characters) is cut to it with a note and its whole text kept as a file of the thread, so the client's words
reach the desk and nothing is lost (refusing would leave a client who wrote at length with no answer)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError

from venuedesk.transports.mail.attachments import StoredFile, keep_text, store_attachments
from venuedesk.transports.mail.autoreply import auto_reply_reason
from venuedesk.transports.mail.identity import MailIdentity, venue_identity
from venuedesk.transports.mail.inbound import InboundMail, MailRejected, parse_mail
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.mail.threading import find_thread, new_thread_id
from venuedesk.workflow.desk import MAX_MESSAGE_CHARS, Desk
from venuedesk.workflow.errors import InputError

log = logging.getLogger("venuedesk.mail")
ReceiveStatus = Literal["accepted", "duplicate", "ignored", "rejected"]
TRUNCATION_NOTE = "\n\n[… the mail goes on; its whole text is kept as a file of this thread for the team]"


@dataclass(frozen=True)
class ReceiveOutcome:
    """What became of one inbound mail; `refused` names the attachments that were not kept and why."""

    status: ReceiveStatus
    message_id: str | None
    thread_id: str | None = None
    reason: str | None = None
    refused: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        """The outcome as the webhook answers it."""
        data = asdict(self)
        data["refused"] = list(self.refused)
        return data


def receive_mail(desk: Desk, raw: bytes, settings: MailSettings, *, home: Path,
                 parsed: InboundMail | None = None) -> ReceiveOutcome:
    """Take one raw RFC 5322 mail: answered once through the Desk, or recorded with the reason it is not;
    `parsed` is `raw` already read (the listener reads it to choose the venue), so it is not parsed twice."""
    if len(raw) > settings.max_inbound_bytes:
        return _rejected(desk, raw, home, None,
                         f"the mail has {len(raw)} bytes; the limit is {settings.max_inbound_bytes}")
    try:
        mail = parsed or parse_mail(raw)
    except MailRejected as exc:
        return _rejected(desk, raw, home, None, exc.reason)
    with desk.uow() as uow:
        known = uow.mail.get(mail.message_id)
        if known is not None:
            uow.mail.redelivered(mail.message_id)
            uow.commit()
            if known.outcome == "rejected":
                return _log(ReceiveOutcome("rejected", mail.message_id, known.thread_id, known.reason))
            return _log(ReceiveOutcome("duplicate", mail.message_id, known.thread_id,
                                       "this Message-ID was received before; nothing ran again"))
        identity = venue_identity(uow.session, uow.venue_id, venue_name=desk.venue.name, settings=settings)
        match = find_thread(uow, mail, settings, reply_domain=identity.domain)
    reason = auto_reply_reason(mail) or _own_mail(mail, settings, identity)
    if reason is not None:
        return _ignored(desk, mail, match.thread_id if match else None, reason)
    if not mail.text.strip() and not mail.attachments:
        return _rejected(desk, b"", home, mail, "the mail has no text and no attachment: nothing to read")
    thread_id = match.thread_id if match else _open_thread(desk, new_thread_id(mail.message_id, settings))
    return _accept(desk, mail, thread_id, settings, home)


def _accept(
    desk: Desk, mail: InboundMail, thread_id: str, settings: MailSettings, home: Path,
) -> ReceiveOutcome:
    files = store_attachments(home, thread_id, mail.attachments, settings)
    text = mail.text
    if not text.strip():  # only files: the subject says what they are, and the manager sees them
        text = mail.subject or "(attachments only)"
    if len(text) > MAX_MESSAGE_CHARS:
        whole = keep_text(home, thread_id, text)
        files.append(whole)
        text = text[:MAX_MESSAGE_CHARS - len(TRUNCATION_NOTE)].rstrip() + TRUNCATION_NOTE
    try:
        desk.handle_message(thread_id, text, sender=mail.sender, idempotency_key=f"mail:{mail.message_id}",
                            refused_files=tuple((item.filename, item.refused_as) for item in files if item.refused_as))
    except InputError as exc:
        return _rejected(desk, b"", home, mail, str(exc), thread_id=thread_id, files=files)
    refused = _refused(files)
    with desk.uow() as uow:
        first = uow.mail.record(message_id=mail.message_id, thread_id=thread_id, sender=mail.sender,
                                subject=mail.subject, references=_references(mail),
                                received_at=desk.clock.now(), outcome="accepted", reason=None,
                                attachments=[item.as_record() for item in files])
        uow.commit()
    status: ReceiveStatus = "accepted" if first else "duplicate"
    return _log(ReceiveOutcome(status, mail.message_id, thread_id, "; ".join(refused) or None, refused))


def _own_mail(mail: InboundMail, settings: MailSettings, identity: MailIdentity) -> str | None:
    """Mail from the desk's own address or the venue's (or one of their plus addresses) is never answered: it is
    our own mail come back (a loop). Colleagues at the venue's domain are not the desk and are read as usual."""
    local, _, domain = mail.sender.rpartition("@")
    base = (local.partition("+")[0], domain)
    own = base in ((settings.mailbox.lower(), settings.domain), (identity.mailbox.lower(), identity.domain))
    return "sent from the desk's own address (a mail loop)" if own else None


def _open_thread(desk: Desk, thread_id: str) -> str:
    """Open the mail's own thread once: a redelivery after a crash, or a concurrent one, finds it open."""
    with desk.uow() as uow:
        if uow.threads.get(thread_id) is not None:
            return thread_id
    try:
        desk.open_thread(thread_id=thread_id, channel="email")
    except IntegrityError:
        pass  # a concurrent delivery of the same mail opened it a moment ago
    return thread_id


def _ignored(desk: Desk, mail: InboundMail, thread_id: str | None, reason: str) -> ReceiveOutcome:
    with desk.uow() as uow:
        first = uow.mail.record(message_id=mail.message_id, thread_id=thread_id, sender=mail.sender,
                                subject=mail.subject, references=_references(mail),
                                received_at=desk.clock.now(), outcome="auto_reply", reason=reason)
        uow.commit()
    return _log(ReceiveOutcome("ignored" if first else "duplicate", mail.message_id, thread_id,
                               f"not answered: {reason}"))


def _rejected(
    desk: Desk, raw: bytes, home: Path, mail: InboundMail | None, reason: str, *,
    thread_id: str | None = None, files: list[StoredFile] | None = None,
) -> ReceiveOutcome:
    """Record a mail that cannot be taken; unreadable bytes are kept for the manager under
    `<home>/mail/rejected/`."""
    digest = hashlib.sha256(raw).hexdigest()[:40]
    message_id = mail.message_id if mail else f"<{digest}@rejected.venuedesk.invalid>"
    kept: list[dict[str, Any]] = [item.as_record() for item in files or []]
    if mail is None:
        folder = home / "mail" / "rejected"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{digest}.eml"
        path.write_bytes(raw)
        kept.append({"filename": path.name, "content_type": "message/rfc822", "size": len(raw),
                     "path": str(path.relative_to(home)), "refused": None})
    with desk.uow() as uow:
        uow.mail.record(message_id=message_id, thread_id=thread_id, sender=mail.sender if mail else None,
                        subject=mail.subject if mail else "", references=_references(mail) if mail else (),
                        received_at=desk.clock.now(), outcome="rejected", reason=reason, attachments=kept)
        uow.commit()
    return _log(ReceiveOutcome("rejected", message_id, thread_id, reason))


def _references(mail: InboundMail) -> tuple[str, ...]:
    """The mail's own chain (References, else In-Reply-To): an answer's References are this plus its id."""
    return mail.references or ((mail.in_reply_to,) if mail.in_reply_to else ())


def _refused(files: list[StoredFile]) -> tuple[str, ...]:
    return tuple(f"{item.filename}: {item.refused}" for item in files if item.refused)


def _log(outcome: ReceiveOutcome) -> ReceiveOutcome:
    log.info("inbound mail %s", outcome.status,
             extra={"thread_id": outcome.thread_id, "status": outcome.status, "reason": outcome.reason})
    return outcome
