"""Passwords are hashed with argon2id, verified, and refused when too short."""

from __future__ import annotations

import pytest

from venuedesk.accounts.passwords import WeakPassword, hash_password, verify_password


def test_a_password_is_stored_as_an_argon2id_hash_that_verifies() -> None:
    stored = hash_password("a long enough passphrase")
    assert stored.startswith("$argon2id$") and "passphrase" not in stored
    assert verify_password(stored, "a long enough passphrase")
    assert not verify_password(stored, "a long enough passphrasE")


def test_no_stored_hash_never_verifies() -> None:
    assert not verify_password(None, "venuedesk: no such account")


def test_a_short_password_is_refused() -> None:
    with pytest.raises(WeakPassword, match="at least 12"):
        hash_password("short")
