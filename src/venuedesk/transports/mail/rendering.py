"""A Reply rendered as a mail's two bodies (pure): plain text and HTML from Jinja2 templates, the body's markdown as
HTML with raw HTML and images disabled, tables as HTML tables and aligned text tables, each action a link (or its
label alone when it has none), and the footer in the client's words and language (docs/design.md §4.1).

Nothing the client or a model wrote can become markup: the markdown renderer escapes raw HTML and refuses
`javascript:` links, and the HTML template autoescapes every other value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
import re
from dataclasses import dataclass, replace

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from venuedesk.domain.event import STEP_LABELS
from venuedesk.i18n import CATALOGUE
from venuedesk.workflow.reply import Action, Cell, Footer, Reply, TableBlock

LinkFor = Callable[[Action], str | None]
_NUMBER = re.compile(r"^-?[\d'’,.\s]+$")  # the web page's test for a number column (reply.js)
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
_TEMPLATES = Environment(
    loader=PackageLoader("venuedesk.transports.mail", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
)
_STATE_KEYS = {
    "Awaiting Client": "ui.state.awaiting_client",
    "Waiting on HIL": "ui.state.waiting_on_hil",
    "Checking": "ui.state.checking",
    "Closed": "ui.state.closed",
}


@dataclass(frozen=True)
class MailAction:
    """An action as a mail shows it: its label, its link (None: shown as text only) and its button style."""

    label: str
    url: str | None
    style: str


@dataclass(frozen=True)
class MailTable:
    """A table as a mail shows it: title, columns and rows of text, each row's action (None where it has none),
    the actions beyond the rows, and the same table laid out in aligned plain text."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    row_actions: tuple[MailAction | None, ...]
    extra_actions: tuple[MailAction, ...]
    text: str


@dataclass(frozen=True)
class MailBodies:
    """The two alternative bodies of one mail."""

    text: str
    html: str


def step_name(step: int, language: str) -> str:
    """The step's name for the client (`ui.step.<n>`): "Datum", "Your answer"."""
    return CATALOGUE.gettext(f"ui.step.{step}", language)


def footer_words(footer: Footer, language: str) -> str:
    """The footer as the web page shows it: "Schritt 3 von 7 · Raum · Als Nächstes: … · Wir warten auf Sie"."""
    parts = [CATALOGUE.say("ui.step_of", language, step=footer.step, steps=len(STEP_LABELS)),
             step_name(footer.step, language), CATALOGUE.say("ui.next", language, next=footer.next)]
    if footer.state in _STATE_KEYS:
        parts.append(CATALOGUE.gettext(_STATE_KEYS[footer.state], language))
    return " · ".join(parts)


def markdown_html(text: str) -> Markup:
    """The body's markdown as HTML; raw HTML in it is shown as text, images and unsafe links are not rendered."""
    return Markup(_MARKDOWN.render(text))  # noqa: S704 - markdown-it escapes everything it does not render itself


def render_bodies(reply: Reply, *, language: str, venue_name: str, link_for: LinkFor) -> MailBodies:
    """The plain-text and HTML bodies of `reply` in `language`, links from `link_for`."""
    tables = [_table(block, language, link_for) for block in reply.table_blocks]
    context = {
        "language": language, "venue_name": venue_name, "body_text": reply.body_markdown.strip(),
        "body_html": markdown_html(reply.body_markdown), "tables": tables,
        "actions": [_action(action, link_for) for action in reply.actions],
        "footer": footer_words(reply.footer, language),
        "choices": CATALOGUE.gettext("ui.choices", language),
        "action_column": CATALOGUE.gettext("ui.action_column", language),
        "reply_hint": CATALOGUE.gettext("mail.reply_hint", language),
    }
    return MailBodies(text=_TEMPLATES.get_template("reply.txt.j2").render(context),
                      html=_TEMPLATES.get_template("reply.html.j2").render(context))


def _action(action: Action, link_for: LinkFor) -> MailAction:
    url = link_for(action)
    safe = url if url is not None and url.lower().startswith(("https://", "http://")) else None
    return MailAction(label=action.label, url=safe, style=action.style or "secondary")


def _cell(value: Cell) -> str:
    return "" if value is None else str(value)


def _numeric(values: Sequence[str]) -> bool:
    filled = [value for value in values if value]
    return bool(filled) and all(_NUMBER.match(value) for value in filled)


def _table(block: TableBlock, language: str, link_for: LinkFor) -> MailTable:
    rows = tuple(tuple(_cell(value) for value in row) for row in block.rows)
    width = len(block.columns)
    numeric = tuple(_numeric([row[index] for row in rows if index < len(row)]) for index in range(width))
    actions = [_action(action, link_for) for action in block.row_actions or []]
    row_actions = tuple(actions[index] if index < len(actions) else None for index in range(len(rows)))
    table = MailTable(title=block.title, columns=tuple(block.columns), rows=rows, numeric=numeric,
                      row_actions=row_actions if actions else (), extra_actions=tuple(actions[len(rows):]), text="")
    return replace(table, text=text_table(table, CATALOGUE.gettext("ui.action_column", language)))


def text_table(table: MailTable, action_column: str) -> str:
    """The table in aligned plain text: a header, a rule, one line per row (numbers right-aligned); a row's action
    is named in its last column with a [n] that the lines under the table resolve to its link."""
    columns = list(table.columns)
    rows = [list(row) + [""] * (len(columns) - len(row)) for row in table.rows]
    numeric = list(table.numeric)
    notes: list[str] = []
    if table.row_actions:
        columns.append(action_column)
        numeric.append(False)
        for row, action in zip(rows, table.row_actions, strict=True):
            row.append(_text_action(action, notes))
    widths = [max([len(columns[i])] + [len(row[i]) for row in rows]) for i in range(len(columns))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.rjust(widths[i]) if numeric[i] else cell.ljust(widths[i])
                         for i, cell in enumerate(cells)).rstrip()

    lines = [table.title, line(columns), "  ".join("-" * width for width in widths)]
    lines += [line(row) for row in rows]
    lines += notes
    return "\n".join(lines)


def _text_action(action: MailAction | None, notes: list[str]) -> str:
    if action is None:
        return ""
    if action.url is None:
        return action.label
    notes.append(f"[{len(notes) + 1}] {action.url}")
    return f"{action.label} [{len(notes)}]"
