"""Anonymise one thread's stored booking data in place (the store half of `domain/anonymise.py`): the event
document, messages, inbox, outbox, tool-call ledger, HIL tasks, inbound mail records and the manager's notes on
lost reasons of the thread (its stored offer PDFs and function sheets are deleted); the thread's client token is replaced so the old one
opens nothing. A client's Message-IDs (a mail record's own, its References, an inbox key `mail:<id>`) are kept only
as `erased_message_id`. Amounts, dates and statuses stay.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from venuedesk.domain.anonymise import REMOVED, anonymise_event, erased_message_id, scrub_json
from venuedesk.domain.event import EventState
from venuedesk.store.document_models import FunctionSheetRow, OfferDocumentRow
from venuedesk.store.models import (
    EventRow,
    HilTaskRow,
    InboxRow,
    MailMessageRow,
    MessageRow,
    OutboxRow,
    ThreadRow,
    ToolCallRow,
)
from venuedesk.store.pipeline_models import LostReasonRow


_MESSAGE_ID = re.compile(r"<[^<>\s]*@[^<>\s]*>")
_REPLY_STRUCTURE = frozenset({"thread_id", "turn_id", "agent", "body_markdown", "table_blocks", "actions", "footer",
                              "footer_text", "hil"})


@dataclass(frozen=True)
class Anonymised:
    """How many rows of each kind were anonymised."""

    events: int
    messages: int
    inbox: int
    outbox: int
    tool_calls: int
    hil_tasks: int
    mail: int


def scrub_reply(reply: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored Reply without the words it said (body, table cells, summaries); its shape, step, footer and
    actions stay valid, so readers of the stored reply still parse it."""
    if not reply:
        return reply
    kept = dict(reply)
    if "body_markdown" in kept:
        kept["body_markdown"] = REMOVED
    if isinstance(kept.get("table_blocks"), list):
        kept["table_blocks"] = [{**block, "rows": scrub_json(block.get("rows", []))}
                                for block in kept["table_blocks"] if isinstance(block, dict)]
    if "footer_text" not in kept and not {"body_markdown", "table_blocks"} & kept.keys():
        return scrub_json(kept)
    for key in kept.keys() - _REPLY_STRUCTURE:  # a HIL draft's own texts (the confirmation's terms_markdown, …)
        kept[key] = scrub_json(kept[key])
    return kept


def erase_message_ids(text: str) -> str:
    """`text` (an inbox key such as `client:mail:<id>`) with every `<…@…>` Message-ID in its erased form."""
    return _MESSAGE_ID.sub(lambda found: erased_message_id(found.group(0)), text)


def anonymise_thread(session: Session, thread_id: str, now: datetime) -> Anonymised:
    """Anonymise everything stored about the client of `thread_id` (see the module docstring), in the caller's
    transaction; the caller commits."""
    thread = session.get(ThreadRow, thread_id)
    if thread is not None:
        thread.client_token_hash = secrets.token_hex(32)  # the digest of no token: the old one opens nothing
    events = list(session.scalars(select(EventRow).where(EventRow.thread_id == thread_id)))
    for event in events:
        event.state = anonymise_event(EventState.model_validate(event.state)).model_dump(mode="json")
        event.updated_at = now
    messages = list(session.scalars(select(MessageRow).where(MessageRow.thread_id == thread_id)))
    for message in messages:
        message.text, message.stripped, message.reply = REMOVED, None, scrub_reply(message.reply)
    inbox = list(session.scalars(select(InboxRow).where(InboxRow.thread_id == thread_id)))
    for row in inbox:
        row.payload, row.reply = scrub_json(row.payload), scrub_reply(row.reply)
        row.idem_key = erase_message_ids(row.idem_key)
    outbox = list(session.scalars(select(OutboxRow).where(OutboxRow.thread_id == thread_id)))
    for sent in outbox:
        sent.reply = scrub_reply(sent.reply) or {}
        sent.last_error = None
    calls = list(session.scalars(select(ToolCallRow).where(ToolCallRow.thread_id == thread_id)))
    for call in calls:
        call.args, call.result = scrub_json(call.args), scrub_json(call.result)
    tasks = list(session.scalars(select(HilTaskRow).where(HilTaskRow.thread_id == thread_id)))
    for task in tasks:
        task.summary, task.draft, task.decision = REMOVED, scrub_reply(task.draft), scrub_json(task.decision)
    mails = list(session.scalars(select(MailMessageRow).where(MailMessageRow.thread_id == thread_id)))
    for mail in mails:
        mail.sender, mail.subject, mail.reason = None, REMOVED, None
        mail.attachments = scrub_json(mail.attachments)
        mail.message_id = erased_message_id(mail.message_id)
        mail.reference_ids = [erased_message_id(str(ref)) for ref in mail.reference_ids]
    # A sent offer's PDF prints the client's name, address and billing: it goes (a later request renders the
    # anonymised version afresh).
    session.execute(delete(OfferDocumentRow).where(OfferDocumentRow.thread_id == thread_id))
    # A function sheet lists the client's name, company and email for the staff: every version goes too.
    session.execute(delete(FunctionSheetRow).where(FunctionSheetRow.thread_id == thread_id))
    session.execute(update(LostReasonRow).where(LostReasonRow.thread_id == thread_id).values(note=None))
    session.flush()
    return Anonymised(len(events), len(messages), len(inbox), len(outbox), len(calls), len(tasks), len(mails))
