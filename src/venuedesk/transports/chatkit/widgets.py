"""Render a desk Reply as ChatKit thread items: one assistant message, then one widget per table and for actions."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

from chatkit.actions import ActionConfig
from chatkit.types import AssistantMessageContent, AssistantMessageItem, ThreadItem, WidgetItem
from chatkit.widgets import DynamicWidgetRoot

from venuedesk import i18n
from venuedesk.workflow.offer_documents import offered_version
from venuedesk.workflow.reply import Action, Cell, Reply, TableBlock


def waiting_line(language: str) -> str:
    """The line under an offer a manager still holds, in the client's language."""
    return i18n.say("chatkit.waiting", language)


def item_id(seq: int, index: int) -> str:
    """The stable id of the `index`-th item rendering desk message `seq` (a replay yields the same ids)."""
    return f"desk_{seq}_{index}"


def message_text(reply: Reply, language: str = "en") -> str:
    """The agent label, the body, a waiting line while a manager holds it, and the footer as the last line."""
    parts = [f"`{reply.agent}`"]
    if reply.body_markdown.strip():
        parts.append(reply.body_markdown.strip())
    if is_held(reply):
        parts.append(waiting_line(language))
    parts.append(reply.footer_text)
    return "\n\n".join(parts)


def is_held(reply: Reply) -> bool:
    """Whether the reply waits on a manager (an open HIL task and the thread Waiting on HIL)."""
    return reply.hil is not None and reply.hil.status == "open" and reply.footer.state == "Waiting on HIL"


def reply_items(reply: Reply, thread_id: str, seq: int, created_at: datetime,
                language: str = "en") -> list[ThreadItem]:
    """The items for one desk message, in display order, its own words in the conversation's `language`."""
    items: list[ThreadItem] = [
        AssistantMessageItem(id=item_id(seq, 0), thread_id=thread_id, created_at=created_at,
                             content=[AssistantMessageContent(text=message_text(reply, language))])
    ]
    widgets = [table_widget(table) for table in reply.table_blocks]
    buttons = [action for action in reply.actions if action.name not in LINK_ACTIONS]
    links = [action for action in reply.actions if action.name in LINK_ACTIONS]
    if buttons:
        widgets.append(actions_widget(buttons))
    if links:
        widgets.append(links_widget(links, thread_id))
    version = offered_version(reply)
    if version is not None:
        widgets.append(offer_pdf_widget(thread_id, version, language))
    for index, (widget, copy_text) in enumerate(widgets, start=1):
        items.append(WidgetItem(id=item_id(seq, index), thread_id=thread_id, created_at=created_at, widget=widget,
                                copy_text=copy_text))
    return items


LINK_ACTIONS = frozenset({"download_ics", "open_thread"})
"""Actions that fetch a file or open another thread rather than run a turn: rendered as a link, never dispatched
to the desk."""


def calendar_path(thread_id: str) -> str:
    """Where the ChatKit page downloads the thread's `.ics` (the route reads the thread's ChatKit cookie)."""
    return f"/chatkit/threads/{quote(thread_id, safe='')}/calendar.ics"


def _link_label(label: str) -> str:
    """A label safe inside markdown link text: brackets and backslashes escaped, one line."""
    flat = " ".join(label.split())
    return re.sub(r"([\\\[\]])", r"\\\1", flat)


def link_target(action: Action, thread_id: str) -> str:
    """Where a link action leads: the thread's `.ics`, or the client page on the new thread (`open_thread`)."""
    if action.name == "download_ics" or not action.url:
        return calendar_path(thread_id)
    return action.url


def links_widget(actions: list[Action], thread_id: str) -> tuple[DynamicWidgetRoot, str]:
    """A card with one markdown link per link action (the `.ics` invite, the new thread), plus its plain-text
    copy."""
    lines = [f"[{_link_label(action.label)}]({link_target(action, thread_id)})" for action in actions]
    widget = DynamicWidgetRoot.model_validate({"type": "Card", "children": [
        {"type": "Markdown", "value": line} for line in lines]})
    return widget, "\n".join(f"{action.label}: {link_target(action, thread_id)}" for action in actions)


def offer_pdf_path(thread_id: str, version: int) -> str:
    """Where the ChatKit page downloads an offer version's PDF (the route reads the thread's ChatKit cookie)."""
    return f"/chatkit/threads/{quote(thread_id, safe='')}/offer.pdf?version={version}"


def offer_pdf_widget(thread_id: str, version: int, language: str) -> tuple[DynamicWidgetRoot, str]:
    """A card linking the PDF of the offer version the reply puts to the client, plus its plain-text copy."""
    label = _link_label(i18n.say("document.offer.download", language, version=version))
    path = offer_pdf_path(thread_id, version)
    widget = DynamicWidgetRoot.model_validate({"type": "Card", "children": [
        {"type": "Markdown", "value": f"[{label}]({path})"}]})
    return widget, f"{label}: {path}"


def action_config(action: Action) -> dict[str, Any]:
    """The ChatKit action a button dispatches: the desk action's name and args, handled by the server."""
    return ActionConfig(type=action.name, payload=dict(action.args), handler="server").model_dump()


def button(action: Action) -> dict[str, Any]:
    """A button for one typed action."""
    node: dict[str, Any] = {"type": "Button", "label": action.label, "onClickAction": action_config(action),
                            "style": "secondary" if action.style in ("secondary", "danger") else "primary"}
    if action.style == "danger":
        node["color"] = "danger"
    return node


def _cell(value: Cell) -> str:
    return "" if value is None else str(value)


def _row(columns: list[str], cells: list[Cell], action: Action | None) -> dict[str, Any]:
    first, rest = _cell(cells[0]) if cells else "", cells[1:]
    details = " · ".join(f"{name}: {_cell(value)}" for name, value in zip(columns[1:], rest, strict=False) if value is not None)
    text: list[dict[str, Any]] = [{"type": "Text", "value": first, "weight": "semibold"}]
    if details:
        text.append({"type": "Caption", "value": details})
    children: list[dict[str, Any]] = [{"type": "Col", "flex": 1, "gap": 1, "children": text}]
    if action is not None:
        children.append(button(action))
    return {"type": "Row", "gap": 3, "align": "center", "children": children}


def table_widget(table: TableBlock) -> tuple[DynamicWidgetRoot, str]:
    """A card: the title, one row per table row, each with its row action's button; plus a plain-text copy."""
    actions = table.row_actions or []
    paired = len(actions) == len(table.rows)
    children: list[dict[str, Any]] = [{"type": "Title", "value": table.title, "size": "sm"}]
    for index, cells in enumerate(table.rows):
        children.append({"type": "Divider"})
        children.append(_row(table.columns, cells, actions[index] if paired else None))
    if actions and not paired:
        children.append({"type": "Row", "gap": 2, "wrap": "wrap", "children": [button(a) for a in actions]})
    copy_lines = [table.title, " | ".join(table.columns)]
    copy_lines.extend(" | ".join(_cell(cell) for cell in row) for row in table.rows)
    return DynamicWidgetRoot.model_validate({"type": "Card", "children": children}), "\n".join(copy_lines)


def actions_widget(actions: list[Action]) -> tuple[DynamicWidgetRoot, str]:
    """A card holding the reply's own actions as a row of buttons."""
    row = {"type": "Row", "gap": 2, "wrap": "wrap", "children": [button(action) for action in actions]}
    widget = DynamicWidgetRoot.model_validate({"type": "Card", "children": [row]})
    return widget, "\n".join(action.label for action in actions)
