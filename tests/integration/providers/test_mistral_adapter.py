"""The `mistral` adapter through the real mistralai SDK against the local fake-llm's Mistral route."""

from __future__ import annotations

import re
import sys

import adapter_contract as contract
import pytest
from adapter_helpers import GOLDEN, settings

from venuedesk.fakellm import FakeLLM
from venuedesk.providers.errors import ProviderConfigError
from venuedesk.providers.settings import ProviderSettings

pytest.importorskip("mistralai.client")

from venuedesk.providers.mistral import MistralRuntime  # noqa: E402

PATH = "/mistral/v1/chat/completions"
MISTRAL_ID = re.compile(r"^[a-zA-Z0-9]{9}$")


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_script_matches_the_deterministic_run(llm: FakeLLM, name: str) -> None:
    contract.check_golden(llm, settings("mistral", llm.base_url), name, PATH)


def test_gate_call_comes_with_a_nine_character_id_and_any_tool_choice(llm: FakeLLM) -> None:
    calls = contract.check_gate_call_and_record(llm, settings("mistral", llm.base_url))
    assert all(MISTRAL_ID.match(call.id) for call in calls)
    body = llm.requests[0].body
    assert body["tool_choice"] == "any" and all(tool["function"]["strict"] for tool in body["tools"])


def test_a_gate_tool_named_by_tool_choice_is_sent_as_a_function_choice(llm: FakeLLM) -> None:
    calls = contract.check_named_gate_tool_then_record(llm, settings("mistral", llm.base_url))
    assert llm.requests[0].body["tool_choice"] == {"type": "function", "function": {"name": "dates_check"}}
    tool = next(m for m in llm.requests[1].body["messages"] if m["role"] == "tool")
    assert tool["tool_call_id"] == calls[0].id and MISTRAL_ID.match(calls[0].id)


def test_tool_results_echo_the_nine_character_ids(llm: FakeLLM) -> None:
    messages = contract.check_tool_results_echo_call_ids(llm, settings("mistral", llm.base_url))
    tool = next(m for m in messages if m["role"] == "tool")
    assert MISTRAL_ID.match(tool["tool_call_id"]) and tool["name"] == "dates_check"


def test_rate_limit_is_retried_after_retry_after(llm: FakeLLM) -> None:
    contract.check_rate_limit_retried(llm, settings("mistral", llm.base_url))


def test_server_errors_hand_the_run_to_the_deterministic_provider(llm: FakeLLM) -> None:
    contract.check_server_errors_fall_back(llm, settings("mistral", llm.base_url))


def test_a_hanging_model_times_out_and_falls_back(llm: FakeLLM) -> None:
    contract.check_hang_times_out_and_falls_back(llm, settings("mistral", llm.base_url, timeout=0.5))


def test_invalid_output_once_is_repaired(llm: FakeLLM) -> None:
    contract.check_invalid_output_repaired(llm, settings("mistral", llm.base_url))


def test_invalid_output_twice_uses_deterministic_facts(llm: FakeLLM) -> None:
    contract.check_invalid_output_always_uses_deterministic_facts(llm, settings("mistral", llm.base_url))


def test_malformed_body_is_retried(llm: FakeLLM) -> None:
    contract.check_malformed_body_retried(llm, settings("mistral", llm.base_url))


def test_missing_key_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    monkeypatch.delenv("VENUEDESK_MISTRAL_API_KEY", raising=False)
    with pytest.raises(ProviderConfigError, match="VENUEDESK_MISTRAL_API_KEY"):
        MistralRuntime(ProviderSettings(), fallback=None)


def test_missing_sdk_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mistralai.client", None)
    with pytest.raises(ProviderConfigError, match=re.escape("pip install 'venuedesk[mistral]'")):
        MistralRuntime(ProviderSettings(mistral_api_key="k"), fallback=None)
