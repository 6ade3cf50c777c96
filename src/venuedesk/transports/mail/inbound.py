"""Raw RFC 5322 bytes → `InboundMail` (pure): the headers that thread and classify a mail, its text and
attachments.

Parsed with the standard `email` package (policy.default). The text/plain body is preferred; an HTML-only mail
is converted to text with inscriptis (scripts and styles dropped); an unknown or wrong charset is read
leniently rather than refusing the client. A mail that cannot be read (no sender, bytes that are not a mail,
multiparts nested deeper than MAX_DEPTH) raises `MailRejected` with the reason; a mail without a Message-ID
gets a stable synthetic one from the hash of its bytes, so a redelivery of the same bytes is still recognised.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage, Message
from email.utils import getaddresses

DELIVERY_HEADERS = ("delivered-to", "x-original-to", "envelope-to")  # envelope recipients, as MTAs record them
BODY_TYPES = ("text/plain", "text/html")  # what a client writes in; any other part is a file
MAX_DEPTH = 20  # multipart levels read; deeper nesting is no client's mail (a MIME bomb)
MAX_MESSAGE_ID_CHARS = 190  # `mail:<id>` must fit the Desk's 200-character idempotency key
SYNTHETIC_DOMAIN = "synthetic.venuedesk.invalid"
_FALLBACK_CHARSET = "cp1252"  # what mail mislabelled as UTF-8 or ASCII almost always is


class MailRejected(ValueError):
    """The bytes are not a mail venuedesk can read; `reason` says why (shown to the sender or the provider).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Attachment:
    """One attached file as the mail carried it (the name is not yet sanitised)."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class InboundMail:
    """What venuedesk reads of one inbound mail; addresses are lower-cased addr-specs."""

    message_id: str
    in_reply_to: str | None
    references: tuple[str, ...]
    sender: str
    sender_name: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    delivered_to: tuple[str, ...]
    subject: str
    text: str
    attachments: tuple[Attachment, ...]
    date: datetime | None
    content_type: str
    headers: tuple[tuple[str, str], ...] = field(repr=False)
    synthetic_id: bool = False
    report_type: str | None = None

    def header(self, name: str) -> str | None:
        """The first header called `name` (case-insensitive), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key == wanted), None)

    def header_values(self, name: str) -> tuple[str, ...]:
        """Every header called `name` (case-insensitive), in order."""
        wanted = name.lower()
        return tuple(value for key, value in self.headers if key == wanted)

    @property
    def recipients(self) -> tuple[str, ...]:
        """To, Cc and Delivered-To together: every address the mail was sent to."""
        return self.to + self.cc + self.delivered_to


def parse_mail(raw: bytes) -> InboundMail:
    """Read one mail; MailRejected with the reason when it is not a readable mail."""
    if not raw or not raw.strip():
        raise MailRejected("the mail is empty")
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        return _read(message, raw)
    except MailRejected:
        raise
    except Exception as exc:  # the email package raises many kinds on hostile input; all mean "unreadable"
        reason = f"the mail cannot be read ({type(exc).__name__}); send it as RFC 5322 text"
        raise MailRejected(reason) from exc


def _read(message: Message, raw: bytes) -> InboundMail:
    headers = tuple((key.lower(), _clean(str(value))) for key, value in _raw_items(message))
    if not headers:
        raise MailRejected("the mail has no headers; send it as RFC 5322 text (headers, a blank line, the "
                           "body)")
    senders = _addresses(message, "from")
    if not senders:
        raise MailRejected("the mail has no sender: its From header is missing or holds no address")
    sender_name, sender = senders[0]
    message_id, synthetic = _message_id(message, raw)
    if _depth(message) > MAX_DEPTH:
        raise MailRejected(f"the mail nests more than {MAX_DEPTH} multipart levels; no client's mail does")
    text, attachments = _content(message)
    return InboundMail(
        message_id=message_id,
        in_reply_to=_first_id(_raw(message, "in-reply-to")),
        references=_ids(_raw(message, "references")),
        sender=sender,
        sender_name=sender_name,
        to=tuple(addr for _, addr in _addresses(message, "to")),
        cc=tuple(addr for _, addr in _addresses(message, "cc")),
        delivered_to=tuple(addr for _, addr in _addresses(message, *DELIVERY_HEADERS)),
        subject=_clean(_decoded(message, "subject") or ""),
        text=text,
        attachments=tuple(attachments),
        date=_date(message),
        content_type=message.get_content_type(),
        headers=headers,
        synthetic_id=synthetic,
        report_type=_report_type(message),
    )


def _raw_items(message: Message) -> list[tuple[str, str]]:
    """The headers as they came, unparsed: a malformed header can never stop the mail from being read."""
    raw_items = getattr(message, "raw_items", None)
    return [(str(key), str(value)) for key, value in (raw_items() if raw_items else message.items())]


def _raw(message: Message, name: str) -> str | None:
    """The first header called `name`, unparsed (ids are read from it without the header parser)."""
    wanted = name.lower()
    return next((value for key, value in _raw_items(message) if key.lower() == wanted), None)


def _decoded(message: Message, name: str) -> str | None:
    """The first header called `name` with its RFC 2047 words decoded; the raw text when it cannot be decoded.
    """
    try:
        value = message.get(name)
    except Exception:  # the header parser fails on some hostile values; the raw text is still worth keeping
        return _raw(message, name)
    return None if value is None else str(value)


def _clean(value: str) -> str:
    """A header value on one line, without the surrogates undecodable bytes leave behind."""
    value = value.encode("utf-8", errors="replace").decode("utf-8").replace("\x00", "")
    return " ".join(value.split())


def _addresses(message: Message, *names: str) -> list[tuple[str, str]]:
    """(display name, lower-cased addr-spec) of every address in the named headers, skipping empty ones."""
    wanted = {name.lower() for name in names}
    values = [_decoded_value(message, key, value) for key, value in _raw_items(message)
              if key.lower() in wanted]
    found: list[tuple[str, str]] = []
    for display, addr in getaddresses(values):
        addr = _clean(addr).strip("<>").lower()
        if "@" in addr and " " not in addr:
            found.append((_clean(display), addr))
    return found


def _decoded_value(message: Message, name: str, raw: str) -> str:
    """One address header decoded by the mail's policy; the raw text when the header parser fails on it."""
    try:
        return str(message.policy.header_fetch_parse(name, raw))
    except Exception:  # a hostile header value: read its raw text instead of giving up on the mail
        return raw


def _message_id(message: Message, raw: bytes) -> tuple[str, bool]:
    """The mail's Message-ID in angle brackets; a synthetic one (hash of the bytes) when missing, and a hash
    of the id when it is too long for an idempotency key."""
    value = _first_id(_raw(message, "message-id"))
    if value is None:
        return f"<{hashlib.sha256(raw).hexdigest()[:40]}@{SYNTHETIC_DOMAIN}>", True
    if len(value) > MAX_MESSAGE_ID_CHARS:
        return f"<{hashlib.sha256(value.encode()).hexdigest()[:40]}@{SYNTHETIC_DOMAIN}>", True
    return value, False


def _ids(value: object) -> tuple[str, ...]:
    """Every `<id>` in a References / In-Reply-To header, in order."""
    if value is None:
        return ()
    found: list[str] = []
    for token in _clean(str(value)).replace(">", "> ").split():
        token = token.strip(",;")
        if token.startswith("<") and token.endswith(">") and "@" in token and len(token) > 3:
            found.append(token)
        elif "@" in token and "<" not in token and ">" not in token:
            found.append(f"<{token}>")
    return tuple(found)


def _first_id(value: object) -> str | None:
    ids = _ids(value)
    return ids[0] if ids else None


def _report_type(message: Message) -> str | None:
    value = message.get_param("report-type") if message.get_content_type() == "multipart/report" else None
    return str(value).lower() if isinstance(value, str) else None


def _date(message: Message) -> datetime | None:
    header = message.get("date")
    moment = getattr(header, "datetime", None)
    return moment if isinstance(moment, datetime) else None


def _depth(message: Message) -> int:
    """How deep multiparts nest in the mail (1 for a single part, at most MAX_DEPTH + 1), without recursion."""
    deepest, stack = 0, [(message, 1)]
    while stack:
        part, level = stack.pop()
        deepest = max(deepest, level)
        if part.is_multipart() and level <= MAX_DEPTH:
            stack.extend((child, level + 1) for child in part.get_payload() if isinstance(child, Message))
    return deepest


def _content(message: Message) -> tuple[str, list[Attachment]]:
    """The text of the mail (plain preferred, else HTML as text) and its attached files."""
    body: Message | None = message.get_body(preferencelist=("plain", "html")) \
        if isinstance(message, EmailMessage) else None
    if body is None and message.get_content_type() in BODY_TYPES and not message.get_filename():
        body = message
    text = ""
    if body is not None:
        text = _text_of(body)
        if body.get_content_subtype() == "html":
            text = _html_to_text(text)
    attachments: list[Attachment] = []
    _collect(message, body, attachments)
    return text.strip(), attachments


def _text_of(part: Message) -> str:
    """A text part decoded by its charset, leniently: an unknown charset or bytes that do not fit the declared one
    are read as UTF-8, else as Windows-1252 (what mislabelled mail almost always is); NUL characters dropped."""
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset() or "us-ascii"
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    try:
        text = data.decode(charset)
    except UnicodeDecodeError:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode(_FALLBACK_CHARSET, errors="replace")
    return text.replace("\x00", "")


def _html_to_text(html: str) -> str:
    from inscriptis import get_text

    return str(get_text(html))


def _collect(part: Message, body: Message | None, found: list[Attachment]) -> None:
    """Every attached file under `part`: leaves that are not the body and not an alternative text of it; an
    attached mail (message/rfc822) is one file, not opened."""
    if part is body:
        return
    if part.is_multipart() and part.get_content_type() != "message/rfc822":
        for child in part.get_payload():
            if isinstance(child, Message):
                _collect(child, body, found)
        return
    filename = part.get_filename()
    disposition = part.get_content_disposition()
    if filename is None and disposition != "attachment" and part.get_content_type() in BODY_TYPES:
        return  # an alternative (text/html beside text/plain) or an inline text: already in the body
    content_type = part.get_content_type()
    found.append(Attachment(filename=_clean(filename or _default_name(content_type, len(found) + 1)),
                            content_type=content_type, data=_bytes_of(part)))


def _bytes_of(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        first = inner[0] if isinstance(inner, list) and inner else None
        return first.as_bytes() if isinstance(first, Message) else b""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _default_name(content_type: str, number: int) -> str:
    known = {"message/rfc822": "eml", "text/calendar": "ics"}
    extension = known.get(content_type, content_type.partition("/")[2])
    return f"attachment-{number}.{extension or 'bin'}"
