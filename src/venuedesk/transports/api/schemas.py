"""Request and response models of the HTTP API, with the examples shown in the OpenAPI document."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import quote

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from venuedesk.domain.text_input import refuse_unstorable
from venuedesk.workflow.reply import Reply

MAX_TEXT_CHARS = 8000
MAX_EDIT_CHARS = 20000


def _clean(value: Any, where: str = "value") -> Any:
    """Refuse NUL characters and lone surrogates anywhere (no database stores them): the check every transport runs."""
    refuse_unstorable(value, where)
    return value


CleanStr = Annotated[str, AfterValidator(_clean)]
CleanArgs = Annotated[dict[str, Any], AfterValidator(_clean)]


class ErrorDetail(BaseModel):
    """What was wrong: a stable code, a message a developer can act on, and the field at fault if any."""

    code: str = Field(examples=["invalid_input"])
    message: str = Field(examples=["text: the message is empty; write what you need"])
    field: str | None = Field(None, examples=["text"])


class ErrorResponse(BaseModel):
    """The one error shape of every 4xx and 5xx."""

    error: ErrorDetail

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"error": {"code": "not_found", "message": "thread 'thr_1' does not exist"}}]})


class ThreadCreated(BaseModel):
    """A new thread and the token its client must send as `Authorization: Bearer <client_token>`."""

    thread_id: str
    client_token: str

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"thread_id": "thr_8c1f0a2b3c4d5e6f", "client_token": "tok_5b0c9e7d1a2f4e6b8c0d2e4f6a8b0c1d3e5f7a9b"}]})


class CreateThread(BaseModel):
    """Optional body of POST /api/threads."""

    model_config = ConfigDict(extra="forbid")

    channel: Literal["chat", "web", "api"] = "api"


class MessageIn(BaseModel):
    """A client message; `from` is the sender's email address when known."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, json_schema_extra={"examples": [
        {"text": "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5.", "from": "anna@example.com"}]})

    text: CleanStr = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    sender: CleanStr | None = Field(None, alias="from", max_length=320)


class ActionIn(BaseModel):
    """A typed action: select_date, select_room, add_product, remove_product, no_products, ...

    Send a button's `args` back as given: they include `ref`, the table the button belongs to. A button from a
    superseded table or offer changes nothing; the Reply says why and shows the current options."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "select_date", "args": {"date": "2026-03-10", "ref": "dates-1"}},
        {"name": "select_room", "args": {"room_id": "room-b", "ref": "rooms-2"}},
        {"name": "accept_offer", "args": {"offer_id": "off_1"}}]})

    name: CleanStr = Field(max_length=64)
    args: CleanArgs = Field(default_factory=dict)


class EditIn(BaseModel):
    """The text the manager sends instead of the held draft."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "Dear Anna, here is your offer for 10 March; we included a welcome coffee."}]})

    text: CleanStr = Field(min_length=1, max_length=MAX_EDIT_CHARS, pattern=r"\S")


class ApproveIn(BaseModel):
    """Optional: a discount granted with the approval of a counter task (`counter_offer`, `counter_limit`;
    docs/design.md §4.13): either `discount_percent` (1–50, of the pre-discount total) or `discount_amount` (CHF,
    more than 0 and below the total), not both. The desk sends a new offer version with a Discount line at once.
    Without a body (or with both null) a counter is answered "the price stands". A discount on another task
    type is refused (422)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"discount_percent": 10}, {"discount_amount": 150.0}]})

    discount_percent: Decimal | None = Field(None, ge=1, le=50, description="percent off the pre-discount total")
    discount_amount: Decimal | None = Field(None, gt=0, le=1_000_000, description="CHF off the total")

    @model_validator(mode="after")
    def _one_figure(self) -> ApproveIn:
        if self.discount_percent is not None and self.discount_amount is not None:
            raise ValueError("give discount_percent or discount_amount, not both")
        return self


class RejectIn(BaseModel):
    """Why the draft is rejected: required (a missing or blank note is 422). It is kept on the rejected task
    (`note`), shown with the redraft (`previous_note`) and in the audit; the client never sees it, except on a
    counter task, where the client hears that the price stands together with the note."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"note": "Mention the parking."}]})

    note: CleanStr | None = Field(None, max_length=MAX_EDIT_CHARS)


class ThreadView(BaseModel):
    """A thread so far: its replies oldest first, the 4.3 event state (null before the first message)."""

    thread_id: str
    replies: list[Reply]
    event: dict[str, Any] | None
    hil_open: int
    language: str = Field(default="en", description="The conversation's language (`en`, `de`, …).")

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"thread_id": "thr_8c1f0a2b3c4d5e6f", "replies": [], "event": None, "hil_open": 0, "language": "en"}]})


class ClientOut(BaseModel):
    """Who the client is, as far as the desk knows (null when not given yet)."""

    name: str | None = None
    email: str | None = None
    company: str | None = None


class ConversationLine(BaseModel):
    """One message of the thread: `client`, `desk` (sent to the client) or `manager` (a decision)."""

    role: str
    text: str
    turn_id: str
    at: str
    quoted: str | None = Field(default=None, description="A client mail's quoted history and signature, which the "
                               "desk did not read for facts (`text` is the whole message); null when there was none.")
    body: str | None = Field(default=None, description="With `quoted`: the client's new text, the part the desk "
                             "read; null otherwise.")


class EditRules(BaseModel):
    """What an edit of an offer draft may change: `message`; `fixed` (the terms) and the table stay as computed."""

    message: str
    fixed: str
    rule: str


class MailFileOut(BaseModel):
    """One file of a mail: kept (with the path to download it) or refused (with the reason, and no path)."""

    filename: str
    content_type: str
    size: int
    stored_name: str | None = Field(default=None, description="The kept file's name in the thread's folder")
    download: str | None = Field(default=None, description="`GET` this path with the manager token for the file")
    refused: str | None = None


class MailOut(BaseModel):
    """One mail the client sent on the thread: when, its subject, what became of it and its files."""

    received_at: str
    subject: str
    outcome: str = Field(description="`accepted` (a turn ran), `auto_reply` (stored, not answered) or `rejected`")
    reason: str | None = None
    attachments: list[MailFileOut] = Field(default_factory=list)

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"received_at": "2026-02-02T09:00:00+01:00", "subject": "Workshop in March", "outcome": "accepted",
         "reason": None, "attachments": [
             {"filename": "Grundriss.pdf", "content_type": "application/pdf", "size": 48213,
              "stored_name": "3f2a9c1b7d4e-Grundriss.pdf",
              "download": "/api/threads/thr_8c1f/attachments/3f2a9c1b7d4e-Grundriss.pdf", "refused": None},
             {"filename": "invoice.exe", "content_type": "application/x-msdownload", "size": 2,
              "stored_name": None, "download": None, "refused": "type application/x-msdownload is not accepted"}]}]})


def with_downloads(thread_id: str, mails: list[MailOut]) -> list[MailOut]:
    """The mails with each kept file's `download` path filled in (the manager endpoint that serves it)."""
    for mail in mails:
        for item in mail.attachments:
            if item.stored_name:
                item.download = f"/api/threads/{thread_id}/attachments/{quote(item.stored_name, safe='')}"
    return mails


class TaskOut(BaseModel):
    """A manager (HIL) task with the draft it holds and the context to decide it: the client, their first
    request, the conversation so far (latest 40 messages), the client's mails with their files (`mail`), why the
    task exists, the rejection note (`note`, on a rejected task; `previous_note`, on the redraft), and for offers
    what an edit may change (`edit`)."""

    task_id: str
    thread_id: str
    type: str
    status: str
    summary: str | None = None
    draft: dict[str, Any] | None = None
    offer_id: str | None = None
    offer_version: int | None = None
    created_at: str
    client: ClientOut | None = None
    event: dict[str, Any] | None = None
    first_request: str | None = None
    conversation: list[ConversationLine] = Field(default_factory=list)
    conversation_total: int = 0
    mail: list[MailOut] = Field(default_factory=list, description="The client's mails on the thread with their files")
    reason: str | None = None
    note: str | None = None
    previous_note: str | None = None
    edit: EditRules | None = None
    drafted_by: dict[str, str] | None = Field(
        default=None, description="`{provider, model}` when a model drafted the task's message (docs/design.md "
        "§4.13 Autonomy); absent for the deterministic desk")

    @model_validator(mode="after")
    def _mail_downloads(self) -> TaskOut:
        with_downloads(self.thread_id, self.mail)
        return self

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"task_id": "thr_8c1f-hil-1", "thread_id": "thr_8c1f", "type": "offer_approval", "status": "open",
         "summary": "Offer off_1 v1", "draft": {"agent": "offer_agent", "body_markdown": "Here is your offer"},
         "offer_id": "off_1", "offer_version": 1, "created_at": "2026-02-02T09:00:00+01:00"}]})


class AuditOut(BaseModel):
    """One audited happening: a step change (`from_step` → `to_step`), a client action, a manager decision (with
    its note), a tool side effect or a message sent; when, who, what kind, why, and its details."""

    at: str
    actor: str
    kind: Literal["step", "client_action", "manager_decision", "tool", "message", "privacy"] = "step"
    from_step: int | None = None
    to_step: int | None = None
    reason: str
    detail: dict[str, Any] | None = None

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"at": "2026-02-02T09:00:00+01:00", "actor": "client", "kind": "client_action", "from_step": None,
         "to_step": None, "reason": "select_room room_id=room-b", "detail": {"name": "select_room",
                                                                             "args": {"room_id": "room-b"}}},
        {"at": "2026-02-02T09:05:00+01:00", "actor": "manager", "kind": "manager_decision", "from_step": None,
         "to_step": None, "reason": "reject: Mention the parking.", "detail": {"task_id": "thr_8c1f-hil-1",
                                                                              "note": "Mention the parking."}}]})


class Health(BaseModel):
    """Liveness or readiness."""

    status: Literal["ok", "ready"]

