"""The pages a deep link opens (HTML, Jinja2 with autoescape): the confirm page of a side effect, the result of
acting, a read-only view of the thread's latest reply, and the clear page of a refused link, all in the thread's
language with the footer in the client's words (docs/design.md §4.1)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from venuedesk.domain.event import STEP_LABELS
from venuedesk.i18n import say
from venuedesk.workflow.reply import Action, Footer, Reply

LinkFor = Callable[[Action], str | None]
STATE_KEYS = {"Awaiting Client": "ui.state.awaiting_client", "Waiting on HIL": "ui.state.waiting_on_hil",
              "Checking": "ui.state.checking", "Closed": "ui.state.closed"}
_ENV = Environment(loader=PackageLoader("venuedesk.transports.mail", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@dataclass
class Page:
    """One page's words and parts; `render` turns it into HTML."""

    language: str
    venue: str
    title: str
    notice: str = ""
    problem: bool = False
    reply: Reply | None = None
    form: dict[str, str] | None = None
    link_for: LinkFor | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        """The page as an HTML document; the reply's markdown is rendered with raw HTML disabled."""
        reply = self.reply
        return _ENV.get_template("link_page.html").render(
            language=self.language, venue=self.venue, title=self.title, notice=self.notice, problem=self.problem,
            body_html=Markup(_MARKDOWN.render(reply.body_markdown)) if reply else "",
            tables=[_table(table, self.link_for) for table in reply.table_blocks] if reply else [],
            links=_links(reply.actions, self.link_for) if reply else [],
            form=self.form, footer=footer_words(reply.footer, self.language) if reply else "")


def footer_words(footer: Footer, language: str) -> str:
    """The footer in the client's words: "Step 3 of 7 · Room · Next: choose a room · We are waiting for you"."""
    step_of = say("ui.step_of", language, step=footer.step, steps=len(STEP_LABELS))
    parts = [f"{step_of} · {say(f'ui.step.{footer.step}', language)}", say("ui.next", language, next=footer.next)]
    if footer.state in STATE_KEYS:
        parts.append(say(STATE_KEYS[footer.state], language))
    return " · ".join(parts)


def text(key: str, language: str, **values: object) -> str:
    """A page's message from the catalogue (`link.*`)."""
    return say(f"link.{key}", language, **values)


def _links(actions: list[Action], link_for: LinkFor | None) -> list[dict[str, str]]:
    if link_for is None:
        return []
    found = ((action.label, link_for(action)) for action in actions)
    return [{"label": label, "url": url} for label, url in found if url]


def _table(table: Any, link_for: LinkFor | None) -> dict[str, Any]:
    actions = table.row_actions or []
    rows = []
    for index, row in enumerate(table.rows):
        action = actions[index] if index < len(actions) else None
        url = link_for(action) if action is not None and link_for is not None else None
        rows.append({"cells": ["" if cell is None else cell for cell in row],
                     "link": {"label": action.label, "url": url} if action is not None and url else None})
    return {"title": table.title, "columns": table.columns, "rows": rows,
            "links": any(row["link"] for row in rows)}
