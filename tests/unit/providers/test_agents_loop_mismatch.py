"""The Agents SDK side: a pooled connection bound to another event loop is a transient model error (retried on a
fresh client), never a failed turn (docs/design.md §4.7: a failing model degrades, the turn completes)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from venuedesk.providers import openai_agents_sdk
from venuedesk.providers.errors import TransientModelError
from venuedesk.providers.openai_agents_sdk import AgentsCaller, RunRequest


class _Out(BaseModel):
    text: str = ""


def _request() -> RunRequest:
    return RunRequest(name="intake_agent", instructions="", input=[], tools=[], tool_choice=None,
                      output_schema=_Out, tool_runner=None)


def test_a_connection_from_another_event_loop_is_transient_and_drops_the_cached_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caller = AgentsCaller("gpt-test", "http://127.0.0.1:9", "key", timeout=1.0)
    first = caller._client()

    def bound_elsewhere(*args: object, **kwargs: object) -> None:
        raise RuntimeError("<asyncio.locks.Event object [unset]> is bound to a different event loop")

    monkeypatch.setattr(openai_agents_sdk.Runner, "run_sync", bound_elsewhere)
    with pytest.raises(TransientModelError, match="another event loop"):
        caller.run(_request())
    assert caller._client() is not first


def test_any_other_runtime_error_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    caller = AgentsCaller("gpt-test", "http://127.0.0.1:9", "key", timeout=1.0)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something else")

    monkeypatch.setattr(openai_agents_sdk.Runner, "run_sync", broken)
    with pytest.raises(RuntimeError, match="something else"):
        caller.run(_request())
