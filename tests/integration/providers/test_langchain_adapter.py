"""The `langchain` adapter with ChatOpenAI and ChatMistralAI against the local fake-llm's two wire formats."""

from __future__ import annotations

import re
import sys

import adapter_contract as contract
import pytest
from adapter_helpers import GOLDEN, run_dates_agent, runtime, settings

from venuedesk.fakellm import FakeLLM
from venuedesk.providers.errors import ProviderConfigError
from venuedesk.providers.settings import ProviderSettings

pytest.importorskip("langchain_core")
pytest.importorskip("langchain_openai")
pytest.importorskip("langchain_mistralai")

from venuedesk.providers.langchain import LangChainRuntime  # noqa: E402

PATHS = {"openai": "/openai/v1/chat/completions", "mistral": "/mistral/v1/chat/completions"}
CHOICES = {"openai": "required", "mistral": "any"}
MISTRAL_ID = re.compile(r"^[a-zA-Z0-9]{9}$")
VENDORS = pytest.mark.parametrize("vendor", sorted(PATHS))
KEYS = ("OPENAI_API_KEY", "VENUEDESK_OPENAI_API_KEY", "MISTRAL_API_KEY", "VENUEDESK_MISTRAL_API_KEY")


def on(vendor: str, llm: FakeLLM, timeout: float = 5.0) -> ProviderSettings:
    return settings("langchain", llm.base_url, vendor=vendor, timeout=timeout)


@VENDORS
@pytest.mark.parametrize("name", GOLDEN)
def test_golden_script_matches_the_deterministic_run(llm: FakeLLM, vendor: str, name: str) -> None:
    contract.check_golden(llm, on(vendor, llm), name, PATHS[vendor])


@VENDORS
def test_gate_call_and_record_in_one_call(llm: FakeLLM, vendor: str) -> None:
    calls = contract.check_gate_call_and_record(llm, on(vendor, llm))
    body = llm.requests[0].body
    assert body["tool_choice"] == CHOICES[vendor]
    assert all(tool["function"]["strict"] for tool in body["tools"])
    if vendor == "mistral":
        assert all(MISTRAL_ID.match(call.id) for call in calls)


@VENDORS
def test_a_gate_tool_named_by_tool_choice_is_bound_by_name_and_recorded_in_a_second_call(
    llm: FakeLLM, vendor: str
) -> None:
    calls = contract.check_named_gate_tool_then_record(llm, on(vendor, llm))
    assert llm.requests[0].body["tool_choice"] == {"type": "function", "function": {"name": "dates_check"}}
    tool = next(m for m in llm.requests[1].body["messages"] if m["role"] == "tool")
    assert tool["tool_call_id"] == calls[0].id


@VENDORS
def test_tool_results_echo_the_call_ids(llm: FakeLLM, vendor: str) -> None:
    messages = contract.check_tool_results_echo_call_ids(llm, on(vendor, llm))
    if vendor == "mistral":
        assert MISTRAL_ID.match(next(m for m in messages if m["role"] == "tool")["tool_call_id"])


@VENDORS
def test_rate_limit_is_retried_after_retry_after(llm: FakeLLM, vendor: str) -> None:
    contract.check_rate_limit_retried(llm, on(vendor, llm))


@VENDORS
def test_server_errors_hand_the_run_to_the_deterministic_provider(llm: FakeLLM, vendor: str) -> None:
    contract.check_server_errors_fall_back(llm, on(vendor, llm))


@VENDORS
def test_a_hanging_model_times_out_and_falls_back(llm: FakeLLM, vendor: str) -> None:
    contract.check_hang_times_out_and_falls_back(llm, on(vendor, llm, timeout=0.5))


@VENDORS
def test_invalid_output_once_is_repaired(llm: FakeLLM, vendor: str) -> None:
    contract.check_invalid_output_repaired(llm, on(vendor, llm))


@VENDORS
def test_invalid_output_twice_uses_deterministic_facts(llm: FakeLLM, vendor: str) -> None:
    contract.check_invalid_output_always_uses_deterministic_facts(llm, on(vendor, llm))


@VENDORS
def test_malformed_body_is_retried(llm: FakeLLM, vendor: str) -> None:
    contract.check_malformed_body_retried(llm, on(vendor, llm))


@VENDORS
def test_invalid_json_arguments_reach_the_engine_as_raw_text(llm: FakeLLM, vendor: str) -> None:
    llm.set_faults(["invalid_json_args"], count=1)
    run = run_dates_agent(runtime(on(vendor, llm)))
    (call,) = run.tool_calls
    assert call.name == "dates_check" and isinstance(call.args, str) and call.args.endswith('"oops": ')


def test_any_chat_model_can_be_passed_in(llm: FakeLLM) -> None:
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(base_url=f"{llm.base_url}/openai/v1", api_key="k", model="other", max_retries=0)
    agent = LangChainRuntime(ProviderSettings(), fallback=None, chat_model=model)
    run = run_dates_agent(agent)
    assert run.usage.model_calls == 1 and run.output is not None and llm.requests[0].body["model"] == "other"


@pytest.mark.parametrize(("vendor", "variable"), [("openai", "VENUEDESK_OPENAI_API_KEY"),
                                                  ("mistral", "VENUEDESK_MISTRAL_API_KEY")])
def test_missing_key_names_the_variable(monkeypatch: pytest.MonkeyPatch, vendor: str, variable: str) -> None:
    for name in KEYS:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ProviderConfigError, match=variable):
        LangChainRuntime(ProviderSettings(langchain_vendor=vendor), fallback=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("module", ["langchain_core", "langchain_openai", "langchain_mistralai"])
def test_missing_packages_name_the_extra(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    vendor = "mistral" if module == "langchain_mistralai" else "openai"
    keys = {"openai_api_key": "k", "mistral_api_key": "k"}
    settings = ProviderSettings(langchain_vendor=vendor, **keys)  # type: ignore[arg-type]
    with pytest.raises(ProviderConfigError, match=re.escape("pip install 'venuedesk[langchain]'")):
        LangChainRuntime(settings, fallback=None)
