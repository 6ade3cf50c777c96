"""Anonymising a client's booking data: who they are and what they wrote goes, what the venue must keep for its
accounting (dates, room, head count, offer lines and amounts, deposit, payments, status) stays.

Pure functions, shared by ChatKit's `threads.delete` and the GDPR erasure: `anonymise_event` for the event
document, `scrub_json` for stored JSON whose shape is not ours to know (tool-call arguments and results, HIL
drafts, inbox payloads), `erased_message_id` for a client's Message-IDs, `REMOVED` as the one placeholder.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from venuedesk.domain.event import AuditEntry, Billing, EventState

REMOVED = "[removed]"
ERASED_ID_DOMAIN = "erased.venuedesk.invalid"
ERASABLE_STATUSES = frozenset({"Lead", "Option", "Lost", "Cancelled"})
"""A Confirmed booking is refused: its client data is the venue's to keep until a manager erases it."""
_KEEP = re.compile(
    r"[A-Za-z0-9]+(?:[_.:|-][A-Za-z0-9]+)+"  # ids and refs: thr_…, room-b, evt_…:3, room|date|start|end
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"  # dates and times
    r"|\d{1,2}:\d{2}|-?\d+(?:\.\d+)?|[A-Z]{3}"  # times of day, amounts, currency codes
)


def scrub_json(value: Any) -> Any:
    """`value` with every string that is not an id, date, time, amount or currency code replaced by REMOVED;
    numbers, booleans, nulls, keys and the shape stay (so amounts and dates survive, words do not)."""
    if isinstance(value, str):
        return value if "@" not in value and _KEEP.fullmatch(value) else REMOVED
    if isinstance(value, dict):
        return {key: scrub_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_json(item) for item in value]
    return value


def erased_message_id(message_id: str) -> str:
    """The form a client's Message-ID is kept in after an erasure: its SHA-256 at a domain of nobody's
    (`<hex@erased.venuedesk.invalid>`), so neither its local part nor its domain (often the client's own) stays,
    while the same mail delivered again is still recognised; an id already in that form is returned as it is."""
    if message_id.endswith(f"@{ERASED_ID_DOMAIN}>"):
        return message_id
    return f"<{hashlib.sha256(message_id.encode()).hexdigest()}@{ERASED_ID_DOMAIN}>"


def anonymise_event(state: EventState) -> EventState:
    """A copy of the event without the client: email, name, billing (the country stays, for VAT), free-text
    requirements and staff notes, a cancellation's reason, facts waiting to be confirmed, items asked for, audit details; the
    thread is Closed. Dates, times, head count, room, products, offers, deposit and status stay."""
    kept = state.model_copy(deep=True)
    kept.client_email = None
    kept.client_name = None
    kept.billing = Billing(country=state.billing.country)
    kept.requirements.special = []
    kept.staff_notes = None
    if kept.cancellation is not None:
        kept.cancellation.reason = None
    kept.to_confirm = {}
    kept.unknown_items = []
    kept.last_asked = []
    kept.audit = [_audit(entry) for entry in state.audit]
    kept.thread_state = "Closed"
    kept.refresh_hash()
    return kept


def _audit(entry: AuditEntry) -> AuditEntry:
    return entry.model_copy(update={"detail": scrub_json(entry.detail) if entry.detail else entry.detail})
