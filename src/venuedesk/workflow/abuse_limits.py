"""The venue's abuse limits as a setting (docs/abuse.md): the hold caps and the rate limits, built-in defaults with
the manager's changes over them (`PUT /api/settings/limits`, stored in `venue_settings` under `limits` and audited
in `setting_changes`). `VENUEDESK_LIMITS=off` switches every limit off for a load test (the soak, the benches)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from venuedesk.domain.abuse import HOLD_CAPS, OFF, RATES, AbuseLimits, effective_limits, limit_problems
from venuedesk.domain.catalogue import Venue
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.errors import InputError

SETTING_KEY = "limits"
OFF_ENV = "VENUEDESK_LIMITS"


class LimitsError(InputError):
    """A limits change names an unknown limit or a value that is not a count or a rate."""


def switched_off() -> bool:
    """Whether `VENUEDESK_LIMITS=off` switches every limit off (load tests only)."""
    return os.environ.get(OFF_ENV, "").strip().lower() in ("off", "0", "false", "no")


def effective(uow: UnitOfWork, venue: Venue) -> AbuseLimits:
    """The venue's limits now: the stored changes over the defaults (all off under `VENUEDESK_LIMITS=off`)."""
    if switched_off():
        return OFF
    return effective_limits(uow.settings.get(venue.name, SETTING_KEY) or {})


def change(uow: UnitOfWork, venue: Venue, changes: Mapping[str, Any], *, manager_id: str,
           now: datetime) -> AbuseLimits:
    """Apply a partial map of limit → value (all validated first; nothing is stored when one is wrong), audited."""
    if not isinstance(changes, Mapping) or not changes:
        raise LimitsError('send a map of limit to value, e.g. {"max_open_holds_per_client": 5}', field="body")
    problems = limit_problems(changes)
    if problems:
        raise LimitsError("; ".join(problems), field="body")
    stored = dict(uow.settings.get(venue.name, SETTING_KEY) or {})
    stored.update(changes)
    uow.settings.put(venue.name, SETTING_KEY, stored, changed_by=manager_id, now=now)
    return effective_limits(stored)


def switch_all_off(uow: UnitOfWork, venue: Venue, *, actor: str, now: datetime) -> AbuseLimits:
    """Store every hold cap and rate as off (audited under `actor`): for replays that send more threads and holds
    from one client than a client may (the benchmarks, property and race tests); the limits have their own tests."""
    return change(uow, venue, dict.fromkeys((*HOLD_CAPS, *RATES)), manager_id=actor, now=now)
