"""The Reply contract (docs/design.md §4.1): what every handler returns, whatever the transport."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from venuedesk.domain.event import STEP_LABELS, ThreadState

Cell = str | int | float | None
FOOTER_LINE = re.compile(r"[ \t>]*Step: [1-7] [A-Z][A-Za-z &]* · Next: .* · "
                         r"State: (?:Awaiting Client|Waiting on HIL|Checking|Closed)[ \t]*")


class Action(BaseModel):
    """A typed action the client can take (a button, a deep link); `url`, when set, is a download the surface
    offers as a link (e.g. the `.ics` of `download_ics`; opened with the thread's client token)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    label: str
    args: dict[str, Any] = Field(default_factory=dict)
    style: Literal["primary", "secondary", "danger"] | None = None
    url: str | None = None


class TableBlock(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    columns: list[str]
    rows: list[list[Cell]]
    row_actions: list[Action] | None = None


class Footer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step: int
    step_label: str
    next: str
    state: ThreadState


class HilRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    task_id: str
    type: str
    status: str


class Reply(BaseModel):
    """One message from the desk: body without footer, tables, actions, footer, and a HIL reference."""

    model_config = ConfigDict(extra="forbid")

    thread_id: str
    turn_id: str
    agent: str
    body_markdown: str
    table_blocks: list[TableBlock] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    footer: Footer
    footer_text: str
    hil: HilRef | None = None

    def client_text(self) -> str:
        """The rendered client text that golden `body_contains` matches: body, tables, action labels."""
        parts = [self.body_markdown]
        for table in self.table_blocks:
            parts.append(table.title)
            parts.append(" | ".join(table.columns))
            parts.extend(" | ".join("" if cell is None else str(cell) for cell in row) for row in table.rows)
            parts.extend(action.label for action in table.row_actions or [])
        parts.extend(action.label for action in self.actions)
        return "\n".join(parts)


def make_footer(step: int, next_text: str, state: ThreadState) -> tuple[Footer, str]:
    """The footer and its fixed-English text: `Step: 3 Room · Next: choose a room · State: Awaiting Client`."""
    label = STEP_LABELS[step]
    footer = Footer(step=step, step_label=label, next=next_text, state=state)
    return footer, f"Step: {step} {label} · Next: {next_text} · State: {state}"


def without_footer(text: str) -> str:
    """`text` without footer lines (a manager's edit pasted from the chat brings the footer it was shown with): a
    reply has exactly one footer, the one `make_footer` adds."""
    lines = text.splitlines()
    kept = [line for line in lines if not FOOTER_LINE.fullmatch(line)]
    if len(kept) == len(lines):
        return text
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
