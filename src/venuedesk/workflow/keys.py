"""Idempotency keys: bounded, and namespaced so a client's key can never collide with a generated or manager key."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from venuedesk.store.locking import lock_name
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.errors import IdempotencyConflict, InputError

MAX_KEY_CHARS = 200


def client_key(key: str) -> str:
    """Client idempotency keys live in their own namespace, apart from generated and manager keys."""
    return f"client:{key}"


def check_key(key: str | None) -> None:
    """Reject empty or oversized keys with a reason (the inbox column holds 255 with its prefix)."""
    if key is not None and (not key.strip() or len(key) > MAX_KEY_CHARS):
        raise InputError(f"Idempotency-Key: must be 1 to {MAX_KEY_CHARS} characters; got {len(key)}",
                         field="Idempotency-Key")


def same_request(stored: Mapping[str, Any] | None, payload: Mapping[str, Any], fields: Iterable[str] | None = None) -> bool:
    """Whether a stored request and a new one under the same key are the same request (compared as JSON, on
    `fields` only when given): a key may replay its first reply only for the request it was first used for."""
    def plain(value: Mapping[str, Any] | None) -> Any:
        picked = dict(value or {}) if fields is None else {name: (value or {}).get(name) for name in fields}
        return json.loads(json.dumps(picked, sort_keys=True, default=str))

    return bool(plain(stored) == plain(payload))


def reused_key(key: str) -> IdempotencyConflict:
    """The 422 for a key sent again with a different request."""
    return IdempotencyConflict(
        f"Idempotency-Key {key!r} was already used for a different request; send a new key for a new request, "
        "or repeat the first request unchanged to get its reply again", field="Idempotency-Key")


def lock_key(uow: UnitOfWork, key: str) -> None:
    """Hold `key` (an inbox key such as `manager:…`) until the unit of work ends, so two requests under one key on
    different threads cannot both find it unused (each thread's own lock does not see the other). Lock order:
    the key first, then the thread."""
    lock_name(uow.session, key)
