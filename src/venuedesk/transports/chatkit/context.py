"""The per-request context the ChatKit server and store see: the one desk thread this client may touch."""

from __future__ import annotations

from dataclasses import dataclass, field

from chatkit.types import ThreadItem


@dataclass
class RequestContext:
    """The authenticated thread (None when the request names no thread and carries no valid token)."""

    thread_id: str | None
    client_token: str | None = None
    created: bool = False
    late_items: list[ThreadItem] = field(default_factory=list)
