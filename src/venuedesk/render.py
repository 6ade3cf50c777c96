"""Plain-text rendering of a Reply for terminals: who spoke, body, tables, actions, footer."""

from __future__ import annotations

from collections.abc import Sequence

from venuedesk.workflow.reply import Reply


def _table(columns: list[str], rows: Sequence[Sequence[object]]) -> list[str]:
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([len(col)] + [len(row[i]) for row in cells if i < len(row)]) for i, col in enumerate(columns)]
    line = "  ".join(col.ljust(widths[i]) for i, col in enumerate(columns))
    out = [line, "  ".join("-" * w for w in widths)]
    out.extend("  ".join(row[i].ljust(widths[i]) for i in range(len(columns))) for row in cells)
    return out


# Actions that fetch a file or switch the thread: the terminal runs a chat command instead of an action.
DOWNLOADS = {"download_ics": "/ics [FILE]"}
NAVIGATION = {"open_thread": "/thread {thread_id}"}


def render_reply(reply: Reply) -> str:
    """The reply as a terminal would show it, actions numbered as `/action NAME k=v` commands."""
    lines = [f"[{reply.agent}]", reply.body_markdown]
    for table in reply.table_blocks:
        lines.append("")
        lines.append(f"## {table.title}")
        lines.extend(_table(table.columns, table.rows))
        for action in table.row_actions or []:
            args = " ".join(f"{k}={v}" for k, v in action.args.items())
            lines.append(f"  /action {action.name} {args}   ({action.label})")
    if reply.actions:
        lines.append("")
        for action in reply.actions:
            if action.name in DOWNLOADS:
                lines.append(f"  {DOWNLOADS[action.name]}   ({action.label})")
                continue
            if action.name in NAVIGATION:
                lines.append(f"  {NAVIGATION[action.name].format(**action.args)}   ({action.label})")
                continue
            args = " ".join(f"{k}={v}" for k, v in action.args.items())
            lines.append(f"  /action {action.name} {args}".rstrip() + f"   ({action.label})")
    if reply.hil:
        lines.append(f"(held for the venue: task {reply.hil.task_id}, {reply.hil.type}, {reply.hil.status})")
    lines.append("")
    lines.append(reply.footer_text)
    return "\n".join(lines)
