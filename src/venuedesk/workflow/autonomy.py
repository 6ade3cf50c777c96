"""Autonomy settings (docs/design.md §4.13 Autonomy): may the desk send a kind of message at once, or does a manager
review it first?

Kinds: `offer`, `counter`, `confirmation`, `cancellation`, `general`; modes: `review` (default for the first four)
and `auto` (default for `general`: acknowledgements, billing and deposit requests, job notices). The venue catalogue
(`policies.autonomy` in venue.yaml) sets the defaults; a manager overrides them with `PUT /api/settings/autonomy`,
stored per venue in `venue_settings` and audited in `setting_changes`.

Whoever drafts a message of one of these kinds asks `review_needed(uow, venue, kind)` before sending it:
True → open the approval task as before; False → send it at once and audit it as sent with `review="auto"`
(`audit.record_sent(..., review="auto", kind=kind)` or `sending.send_to_client(turn, reply, "auto")`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from venuedesk.domain.autonomy import MESSAGE_KINDS, MessageKind, autonomy_problems, effective_autonomy
from venuedesk.domain.catalogue import Venue
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.errors import InputError

SETTING_KEY = "autonomy"


class AutonomyError(InputError):
    """A settings change names an unknown message type or value; the message lists the choices."""


def review_needed(uow: UnitOfWork, venue: Venue, kind: MessageKind) -> bool:
    """True when a manager must approve a message of `kind` before the client gets it (the effective setting is
    `review`); False when the desk sends it at once (`auto`). Unknown kinds raise ValueError."""
    if kind not in MESSAGE_KINDS:
        raise ValueError(f"{kind!r} is not a message type; use one of {', '.join(MESSAGE_KINDS)}")
    return effective(uow, venue)[kind] == "review"


def effective(uow: UnitOfWork, venue: Venue) -> dict[str, str]:
    """Every kind's setting: the manager's stored override, else the venue catalogue's default."""
    stored = uow.settings.get(venue.name, SETTING_KEY) or {}
    return effective_autonomy(venue.policies.autonomy, {k: str(v) for k, v in stored.items()})


def change(uow: UnitOfWork, venue: Venue, changes: Mapping[str, Any], *, manager_id: str,
           now: datetime) -> dict[str, str]:
    """Apply a partial or full map of kind → mode for the venue (validated first; nothing is stored when any entry
    is wrong), audit who changed what and when, and return the effective settings."""
    if not isinstance(changes, Mapping) or not changes:
        raise AutonomyError(f"send a map of message type to setting, e.g. {{\"offer\": \"auto\"}}; types: "
                            f"{', '.join(MESSAGE_KINDS)}; settings: review, auto", field="body")
    problems = autonomy_problems(changes)
    if problems:
        raise AutonomyError("; ".join(problems), field="body")
    stored = dict(uow.settings.get(venue.name, SETTING_KEY) or {})
    stored.update({str(kind): str(mode) for kind, mode in changes.items()})
    uow.settings.put(venue.name, SETTING_KEY, stored, changed_by=manager_id, now=now)
    return effective(uow, venue)
