"""Idempotency keys: bounded, and namespaced so a client's key can never collide with a generated or manager key."""

from __future__ import annotations

from venuedesk.workflow.errors import InputError

MAX_KEY_CHARS = 200


def client_key(key: str) -> str:
    """Client idempotency keys live in their own namespace, apart from generated and manager keys."""
    return f"client:{key}"


def check_key(key: str | None) -> None:
    """Reject empty or oversized keys with a reason (the inbox column holds 255 with its prefix)."""
    if key is not None and (not key.strip() or len(key) > MAX_KEY_CHARS):
        raise InputError(f"Idempotency-Key: must be 1 to {MAX_KEY_CHARS} characters; got {len(key)}",
                         field="Idempotency-Key")
