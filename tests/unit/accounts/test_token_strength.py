"""A manager token is refused when empty, shorter than 24 characters or predictable; a random one passes."""

from __future__ import annotations

import secrets

import pytest

from venuedesk.accounts.strength import weak_token_problem


@pytest.mark.parametrize(("token", "reason"), [
    ("", "is empty"), ("   ", "is empty"), ("mgr_test_token", "has 14 characters"),
    ("m" * 32, "too predictable"), ("abababababababababababab", "too predictable")])
def test_a_weak_token_is_refused_with_the_reason_and_a_recipe(token: str, reason: str) -> None:
    problem = weak_token_problem(token)
    assert problem is not None and reason in problem
    assert problem.startswith("VENUEDESK_MANAGER_TOKEN ") and "secrets.token_urlsafe" in problem


def test_a_random_token_passes() -> None:
    assert weak_token_problem(f"mgr_{secrets.token_urlsafe(16)}") is None
