"""Desk errors carry the field at fault and an optional code as attributes, not only inside the message."""

from __future__ import annotations

import pytest

from venuedesk.workflow.actions import ActionError, parse_action
from venuedesk.workflow.errors import DecisionError, DeskError, InputError, UnknownThread
from venuedesk.workflow.keys import check_key


def test_an_oversized_idempotency_key_names_the_header_as_its_field() -> None:
    with pytest.raises(InputError) as caught:
        check_key("k" * 1000)
    assert caught.value.field == "Idempotency-Key"


def test_an_unknown_action_names_the_action_name_as_its_field() -> None:
    with pytest.raises(ActionError) as caught:
        parse_action("teleport", {})
    assert caught.value.field == "name"


def test_invalid_action_arguments_name_args_as_their_field() -> None:
    with pytest.raises(ActionError) as caught:
        parse_action("select_date", {"date": "tomorrow"})
    assert caught.value.field == "args"


def test_an_error_without_a_field_or_code_has_none() -> None:
    error = UnknownThread("thread 'x' does not exist; open a thread first")
    assert (error.field, error.code) == (None, None)


def test_a_code_given_to_the_error_overrides_the_class_default() -> None:
    error = DecisionError("task 't' was decided concurrently", code="decided_concurrently")
    assert error.code == "decided_concurrently" and DecisionError.code is None
    assert isinstance(error, DeskError) and str(error) == "task 't' was decided concurrently"
