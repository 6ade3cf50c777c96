"""The one digest under which a bearer token is stored and looked up.

A SHA-256 of the token, not a slow password hash: every token venuedesk stores is high-entropy random (at least
128 bits from `secrets`), so guessing a token from its digest is as hard as guessing the token itself, and a fast
digest lets a token be looked up by an index on every request. Passwords, which people choose, are hashed with
argon2 instead (accounts/passwords.py)."""

from __future__ import annotations

import hashlib
import secrets

DIGEST_CHARS = 64


def token_digest(token: str) -> str:
    """The hex SHA-256 of a token as stored in the database (threads' client tokens, account tokens)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def digest_matches(token: str, stored_digest: str) -> bool:
    """Whether `token` hashes to `stored_digest`, compared in constant time."""
    return secrets.compare_digest(token_digest(token).encode("ascii"), stored_digest.encode("utf-8"))
