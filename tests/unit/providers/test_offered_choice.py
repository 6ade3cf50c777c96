"""The tool_choice an adapter sends beside `record_understanding`: the gate tool by name at a gate, else the model
chooses; and how a model-call span names it."""

from __future__ import annotations

from venuedesk.providers.base import ToolSpec
from venuedesk.providers.model_runtime import choice_label, offered_choice

TOOLS = [ToolSpec("dates_check", "", {}), ToolSpec("dates_propose", "", {})]


def test_a_gate_tool_the_agent_was_offered_is_forced_by_name() -> None:
    assert offered_choice("dates_check", TOOLS) == "dates_check"


def test_auto_and_none_let_the_model_choose_so_it_can_still_record() -> None:
    assert offered_choice("auto", TOOLS) == "auto" and offered_choice("none", TOOLS) == "auto"


def test_required_stays_required() -> None:
    assert offered_choice("required", TOOLS) == "required"


def test_a_name_the_agent_was_not_offered_forces_some_tool_instead() -> None:
    assert offered_choice("offer_compose", TOOLS) == "required"


def test_a_call_without_tools_is_labelled_none_and_a_named_one_by_its_tool() -> None:
    assert choice_label(None) == "none" and choice_label("dates_check") == "dates_check"
