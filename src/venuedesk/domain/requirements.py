"""What the client needs, and the hash that tells whether a room check is still valid."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field


class Requirements(BaseModel):
    """The event's requirements (docs/design.md §4.3); times are `HH:MM` in venue time."""

    model_config = ConfigDict(extra="forbid")

    participants: int | None = None
    layout: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    special: list[str] = Field(default_factory=list)
    preferred_room: str | None = None


def requirements_hash(requirements: Requirements) -> str:
    """sha256 of the canonical JSON of the requirements, preferred_room excluded."""
    payload = requirements.model_dump(exclude={"preferred_room"})
    payload["special"] = sorted(payload["special"])
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
