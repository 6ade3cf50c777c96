"""The golden `expect` matching rules of docs/design.md §5."""

from __future__ import annotations

import pytest

from venuedesk.golden.expect import check, values_equal
from venuedesk.workflow.reply import Action, Reply, TableBlock, make_footer


@pytest.mark.parametrize(("expected", "actual"), [(2090, 2090.0), ("2090.00", 2090.0), (2090.0, "2090")])
def test_numbers_compare_numerically(expected: object, actual: object) -> None:
    assert values_equal(expected, actual)


@pytest.mark.parametrize(("expected", "actual"), [(True, 1), ("room-b", "room-c"), (None, 0), (750, "seven")])
def test_other_values_compare_exactly(expected: object, actual: object) -> None:
    assert not values_equal(expected, actual)


def _reply() -> Reply:
    footer, text = make_footer(3, "choose a room", "Awaiting Client")
    return Reply(
        thread_id="t", turn_id="turn-1", agent="rooms_agent", body_markdown="These rooms fit",
        table_blocks=[TableBlock(title="Rooms", columns=["Room"], rows=[["Room B"]],
                                 row_actions=[Action(name="select_room", label="Choose Room B")])],
        footer=footer, footer_text=text,
    )


def test_body_contains_matches_table_cells_and_action_labels() -> None:
    assert check({"body_contains": ["Room B", "Choose Room B"]}, _reply(), {}, 0) == []


def test_body_contains_does_not_match_the_footer() -> None:
    assert check({"body_contains": ["Awaiting Client"]}, _reply(), {}, 0)


def test_dotted_event_paths_and_failures_name_the_key() -> None:
    event = {"offer": {"total": 2090.0}, "current_step": 3}
    assert check({"event": {"offer.total": "2090.00"}, "step": 3}, _reply(), event, 0) == []
    failures = check({"event": {"offer.total": 100}}, _reply(), event, 0)
    assert failures == ["event.offer.total: expected 100, got 2090.0"]


def test_row_actions_count_as_actions() -> None:
    assert check({"actions": ["select_room"]}, _reply(), {}, 0) == []


def test_unknown_expect_keys_fail() -> None:
    assert check({"stpe": 3}, _reply(), {}, 0)


def test_sent_contains_reads_what_was_sent_during_the_turn_with_whitespace_normalised() -> None:
    sent = ["Your option on Room B\u00a0expires on Monday"]
    assert check({"sent_contains": ["Room B expires"]}, None, {}, 0, sent=sent) == []


def test_sent_contains_fails_naming_the_text_when_nothing_was_sent() -> None:
    assert check({"sent_contains": "Good news"}, None, {}, 0, sent=[]) == [
        "sent_contains: 'Good news': nothing was sent to the client"]
