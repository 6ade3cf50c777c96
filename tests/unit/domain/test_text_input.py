"""The one storable-text check every transport runs: NUL characters and lone surrogates are refused, with why."""

from __future__ import annotations

import pytest

from venuedesk.domain.text_input import refuse_unstorable, text_problem


@pytest.mark.parametrize("value", ["Grüezi, 30 Personen am 10. März", "", None, 42, {"a": ["b", "c"]}, "tab\tand\nline"])
def test_ordinary_text_and_values_are_storable(value: object) -> None:
    assert text_problem(value) is None


def test_a_nul_character_is_named() -> None:
    assert text_problem("room\x00for 30") == "contains a NUL character; remove it"


def test_a_lone_surrogate_is_named() -> None:
    assert "lone surrogate" in (text_problem("caf\ud800") or "")


def test_a_nul_deep_in_a_payload_or_a_key_is_found() -> None:
    assert text_problem({"args": [{"note": "x\x00"}]}) is not None
    assert text_problem({"k\x00": "v"}) is not None


def test_refusal_names_where_the_problem_is() -> None:
    with pytest.raises(ValueError, match="^text contains a NUL character"):
        refuse_unstorable("a\x00b", "text")
