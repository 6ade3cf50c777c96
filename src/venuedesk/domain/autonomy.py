"""Autonomy per message kind (docs/design.md §4.13 Autonomy): which messages a manager reviews before they are sent.

`review`: the desk drafts the message and a manager approves it first; `auto`: it is sent at once (and still
audited). The venue catalogue sets the defaults; a manager may override any kind (workflow/autonomy.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MessageKind = Literal["offer", "counter", "confirmation", "cancellation", "general"]
Mode = Literal["review", "auto"]
MESSAGE_KINDS: tuple[MessageKind, ...] = ("offer", "counter", "confirmation", "cancellation", "general")
MODES: tuple[Mode, ...] = ("review", "auto")
DEFAULT_AUTONOMY: dict[str, str] = {
    "offer": "review", "counter": "review", "confirmation": "review", "cancellation": "review", "general": "auto",
}


def autonomy_problems(settings: Mapping[str, object]) -> list[str]:
    """One sentence per unknown kind or value in `settings`, naming the choices; empty when all are valid."""
    problems = []
    for kind, mode in settings.items():
        if kind not in MESSAGE_KINDS:
            problems.append(f"{kind!r} is not a message type; use one of {', '.join(MESSAGE_KINDS)}")
        elif mode not in MODES:
            problems.append(f"{kind}: {mode!r} is not a setting; use one of {', '.join(MODES)}")
    return problems


def effective_autonomy(defaults: Mapping[str, str], overrides: Mapping[str, str]) -> dict[str, str]:
    """The setting of every kind: the manager's override, else the venue's default, else the built-in default."""
    return {kind: overrides.get(kind) or defaults.get(kind) or DEFAULT_AUTONOMY[kind] for kind in MESSAGE_KINDS}
