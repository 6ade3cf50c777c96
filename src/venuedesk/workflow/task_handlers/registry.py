"""The registry of task-type handlers: `manager.decide` claims the task once, then calls the handler of its type
(offer approvals and generic tasks keep the built-in path in `workflow/manager.py`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from venuedesk.workflow.reply import HilRef, Reply
from venuedesk.workflow.turn import Turn


@dataclass(frozen=True)
class Decision:
    """One manager decision on one claimed task: what was decided, with the manager's words and figures."""

    turn: Turn
    task: Any
    decision: str  # approve | edit | reject
    hil: HilRef
    language: str  # the manager's language, for notices to the manager
    text: str | None = None
    note: str | None = None
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None


TaskHandler = Callable[[Decision], Reply]
HANDLERS: dict[str, TaskHandler] = {}


def handles(*task_types: str) -> Callable[[TaskHandler], TaskHandler]:
    """Register the decorated function as the decision handler of `task_types` (each type once)."""

    def register(handler: TaskHandler) -> TaskHandler:
        for task_type in task_types:
            if task_type in HANDLERS and HANDLERS[task_type] is not handler:
                raise ValueError(f"task type {task_type!r} already has a decision handler")
            HANDLERS[task_type] = handler
        return handler

    return register


def handler_for(task_type: str) -> TaskHandler | None:
    """The registered handler of `task_type`, or None for the built-in path."""
    return HANDLERS.get(task_type)
