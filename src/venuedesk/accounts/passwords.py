"""Passwords hashed with argon2id (argon2-cffi, its recommended parameters): people choose passwords, so they need a
slow, salted, memory-hard hash, unlike the random tokens (store/token_hash.py)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("venuedesk: no such account")


class WeakPassword(ValueError):
    """A password too short or too long to accept."""


def hash_password(password: str) -> str:
    """The argon2id hash of an acceptable password (WeakPassword otherwise)."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPassword(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise WeakPassword(f"the password must have at most {MAX_PASSWORD_CHARS} characters")
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no stored hash (unknown account) a dummy hash is checked, so an unknown
    email takes as long as a wrong password."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password[:MAX_PASSWORD_CHARS]) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
