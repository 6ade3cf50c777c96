"""Manager mail, composed (pure): a new task or the daily digest → a multipart text + HTML EmailMessage to the
venue's manager address, in the manager's language, from Jinja2 templates (HTML autoescaped).

A task mail carries what the console shows a manager to decide with: the task type, why it exists, the client and
the event at a glance, the first and the latest request, the draft as the client will see it, and the links:
approve and reject signed for the deciding manager (`DecisionLinks`), edit in the console. A counter-offer is
answered with a discount or by keeping the price, so it gets the console link only. Its Message-ID names the task,
so a resent mail is recognisably the same one; `Auto-Submitted` keeps autoresponders from answering it.
"""

from __future__ import annotations

import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote

from babel.dates import format_date, format_time, format_timedelta
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from venuedesk.clock import VENUE_TZ
from venuedesk.i18n import CATALOGUE, locale_for, long_date, price, say
from venuedesk.transports.mail.ports import DecisionLinks
from venuedesk.workflow.manager_notices import Digest, DraftTable, TaskNotice

MAX_SUBJECT_CHARS = 140
_ENV = Environment(
    loader=PackageLoader("venuedesk.transports.mail", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
)
# Markdown as CommonMark with tables; raw HTML in a draft is shown as text, never passed through.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True)
class ManagerMailContext:
    """Who a manager mail goes to and comes from, the console's base URL, the deciding manager, the language."""

    to: str
    sender: str
    public_url: str
    manager_id: str
    language: str
    domain: str


def console_url(public_url: str, task_id: str | None = None) -> str:
    """The manager console, opened at one task (`/manager#task=<id>`) when `task_id` is given."""
    base = f"{public_url.rstrip('/')}/manager"
    return base if task_id is None else f"{base}#task={quote(task_id, safe='')}"


def task_type_label(task_type: str, language: str) -> str:
    """The task type as the console names it (`Offer approval` / `Angebotsfreigabe`)."""
    key = f"ui.console.task_type.{task_type}"
    return CATALOGUE.gettext(key, language) if CATALOGUE.has_message(key) else task_type.replace("_", " ").capitalize()


def task_mail(notice: TaskNotice, context: ManagerMailContext, links: DecisionLinks, now: datetime) -> EmailMessage:
    """The mail of one new task: its context, the draft and the approve / edit-in-console / reject links."""
    language = context.language
    label = task_type_label(notice.type, language)
    who = notice.client_name or say("mail.manager.unnamed_client", language)
    decide = notice.approvable_by_link
    values = {
        "t": _translator(language), "n": notice, "type_label": label, "who": who,
        "opened": _moment(notice.created_at, language), "facts": _facts(notice, language),
        "draft_text": _draft_text(notice), "draft_html": _draft_html(notice),
        "approve_url": links.for_decision(notice.task_id, "approve", context.manager_id) if decide else None,
        "reject_url": links.for_decision(notice.task_id, "reject", context.manager_id) if decide else None,
        "console_url": console_url(context.public_url, notice.task_id),
    }
    subject = say("mail.manager.subject", language, type=label, client=who)
    return _message(context, subject, "manager_task", values, now,
                    f"<vd.task.{notice.task_id}@{context.domain}>", {"X-Venuedesk-Task": notice.task_id})


def digest_mail(digest: Digest, context: ManagerMailContext, now: datetime) -> EmailMessage:
    """The day's digest: open tasks oldest first with their age, and the options lapsing within 48 h."""
    language = context.language
    tasks = [{"type_label": task_type_label(task.type, language), "reason": task.reason,
              "who": task.client_name or say("mail.manager.unnamed_client", language),
              "age": format_timedelta(task.age, threshold=1, locale=locale_for(language)),
              "url": console_url(context.public_url, task.task_id)} for task in digest.tasks]
    options = [{"room": option.room, "date": long_date(option.day, language), "window": option.window,
                "who": option.client_name or say("mail.manager.unnamed_client", language),
                "expires": _moment(option.expires_at, language)} for option in digest.options]
    values = {"t": _translator(language), "date": long_date(digest.day, language), "tasks": tasks,
              "more": max(digest.open_total - len(digest.tasks), 0), "options": options,
              "console_url": console_url(context.public_url)}
    subject = say("mail.manager.digest.subject", language, date=long_date(digest.day, language),
                  tasks=digest.open_total, options=len(digest.options))
    return _message(context, subject, "manager_digest", values, now,
                    f"<vd.digest.{digest.day.isoformat()}@{context.domain}>", {})


def _message(
    context: ManagerMailContext, subject: str, template: str, values: dict[str, Any], now: datetime,
    message_id: str, extra: dict[str, str],
) -> EmailMessage:
    """A multipart/alternative message (text, then HTML) with the headers every manager mail has."""
    message = EmailMessage(policy=email.policy.default)
    message["From"] = context.sender
    message["To"] = context.to
    message["Subject"] = _one_line(subject)[:MAX_SUBJECT_CHARS]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    for name, value in extra.items():
        message[name] = value
    message.set_content(_ENV.get_template(f"{template}.txt.j2").render(values))
    message.add_alternative(_ENV.get_template(f"{template}.html.j2").render(values, lang=context.language),
                            subtype="html")
    return message


def _translator(language: str) -> Any:
    def t(key: str, **values: object) -> str:
        return say(key, language, **values)

    return t


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _moment(moment: datetime, language: str) -> str:
    """A moment in venue time, to the minute: `2 Feb 2026 09:00` / `02.02.2026 09:00`."""
    local, locale = moment.astimezone(VENUE_TZ), locale_for(language)
    return f"{format_date(local.date(), 'medium', locale=locale)} {format_time(local.time(), 'short', locale=locale)}"


def _facts(notice: TaskNotice, language: str) -> list[tuple[str, str]]:
    """The client and the event at a glance, as (label, value) lines; what is not known yet is left out."""
    client = ", ".join(part for part in (notice.client_name, notice.company) if part)
    facts = [
        ("mail.manager.client", client or None),
        ("mail.manager.date", long_date(notice.event_date, language) if notice.event_date else None),
        ("mail.manager.time", notice.window),
        ("mail.manager.participants", None if notice.participants is None else str(notice.participants)),
        ("mail.manager.room", notice.room),
        ("mail.manager.total", None if notice.total is None else price(notice.total, language)),
    ]
    return [(say(key, language), value) for key, value in facts if value]


def _draft_text(notice: TaskNotice) -> str | None:
    """The draft as plain text: its Markdown, then each table with aligned columns."""
    if notice.draft_markdown is None and not notice.draft_tables:
        return None
    parts = [notice.draft_markdown or ""]
    parts.extend(_text_table(table) for table in notice.draft_tables)
    return "\n\n".join(part for part in parts if part)


def _text_table(table: DraftTable) -> str:
    widths = [max([len(column)] + [len(row[i]) for row in table.rows if i < len(row)])
              for i, column in enumerate(table.columns)]
    lines = [table.title, "  ".join(c.ljust(widths[i]) for i, c in enumerate(table.columns)).rstrip(),
             "  ".join("-" * width for width in widths)]
    lines.extend("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:len(widths)])).rstrip()
                 for row in table.rows)
    return "\n".join(lines)


def _draft_html(notice: TaskNotice) -> Markup | None:
    """The draft's Markdown as HTML (raw HTML in it escaped, unsafe link schemes dropped by markdown-it)."""
    if notice.draft_markdown is None:
        return None
    return Markup(_MARKDOWN.render(notice.draft_markdown))  # noqa: S704 - markdown-it escapes raw HTML (html off)

