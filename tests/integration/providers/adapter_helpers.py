"""Drivers for the adapter tests: golden scripts through a Desk, single agent runs through a runtime."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from venuedesk.agents.specs import WORKERS
from venuedesk.clock import FrozenClock
from venuedesk.domain.event import EventState
from venuedesk.golden.providers_for_scripts import settings_for
from venuedesk.golden.runner import ScriptRun, run_script
from venuedesk.providers.backoff import Backoff
from venuedesk.providers.base import AgentRun, ConversationMessage, ProposedToolCall, ToolSpec
from venuedesk.providers.deterministic import DeterministicRuntime
from venuedesk.providers.registry import build_runtime
from venuedesk.providers.settings import ProviderSettings
from venuedesk.tools.registry import booking_tools
from venuedesk.understanding.model import Understanding
from venuedesk.venue.loader import load_venue
from venuedesk.workflow.desk import Desk

SCRIPTS = Path(__file__).parents[2] / "golden" / "scripts"
GOLDEN = ["02_happy_path_de", "03_everything_in_first_message", "15_hybrid_question"]
WORKSHOP = "workshop for 30 people on 10 March 2026, 9 to 5"
BUILT: list[Any] = []  # the runtimes `runtime()` built; the package's conftest closes them after each test


class Sleeps:
    """Stands in for time.sleep in the backoff, so retries are instant and their waits visible."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def settings(provider: str, url: str, vendor: str | None = None, timeout: float = 5.0) -> ProviderSettings:
    """Every agent on `provider` against the fake at `url` (for langchain: on `vendor`'s chat model)."""
    update: dict[str, Any] = {"model_timeout_seconds": timeout}
    if vendor:
        update["langchain_vendor"] = vendor
    return settings_for(provider, url).model_copy(update=update)


def play(name: str, provider_settings: ProviderSettings, backoff: Backoff | None = None) -> ScriptRun:
    """A golden script on the settings' default provider, with `backoff` for that provider's runtime."""
    provider = provider_settings.agent_default_provider
    options = {provider: {"backoff": backoff}} if backoff else {}

    def desk_factory(engine: Engine, clock: Any, **kwargs: Any) -> Desk:
        return Desk(engine, clock, runtime_options=options, **kwargs)

    return run_script(SCRIPTS / f"{name}.yaml", provider_settings=provider_settings,
                      desk_factory=desk_factory)


@cache
def deterministic_events(name: str) -> list[Any]:
    """The deterministic provider's event after each turn of a golden script."""
    return [turn.event for turn in run_script(SCRIPTS / f"{name}.yaml").turns]


def assert_like_deterministic(run: ScriptRun, name: str) -> None:
    failures = [f"turn {t.index} ({t.label}): {f}" for t in run.turns for f in t.failures]
    assert not failures, "\n".join(failures)
    assert [turn.event for turn in run.turns] == deterministic_events(name)


@cache
def _fallback() -> DeterministicRuntime:
    return DeterministicRuntime(load_venue(), FrozenClock())


def runtime(provider_settings: ProviderSettings, sleeps: Sleeps | None = None) -> Any:
    """The settings' provider runtime with an instant, recorded backoff."""
    backoff = Backoff(attempts=provider_settings.model_max_attempts, sleep=sleeps or Sleeps())
    fallback = _fallback()
    built = build_runtime(provider_settings.agent_default_provider, provider_settings, fallback.venue,
                          fallback.clock, backoff=backoff)
    BUILT.append(built)
    return built


def run_dates_agent(agent_runtime: Any, tool_choice: str = "required",
                    ran: list[ProposedToolCall] | None = None) -> AgentRun:
    """One dates_agent run on a fresh event; read-only tool calls the model makes are logged in `ran`."""
    spec = WORKERS["dates_agent"]
    state = EventState(event_id="ev-1", thread_id="th-1")
    view = {"event": state.model_dump(mode="json"), "today": "2026-02-02", "turn_id": "turn-1"}
    tools = [ToolSpec(name, booking_tools()[name].description, booking_tools()[name].json_schema())
             for name in spec.tools]

    def runner(call: ProposedToolCall) -> dict[str, Any]:
        (ran if ran is not None else []).append(call)
        return {"status": "ok"}

    return agent_runtime.run(spec, [ConversationMessage("client", WORKSHOP)], view, tools, tool_choice,
                             Understanding, tool_runner=runner)


def deterministic_facts() -> Any:
    """What the deterministic provider understands of WORKSHOP (the fallback's output)."""
    spec = WORKERS["dates_agent"]
    state = EventState(event_id="ev-1", thread_id="th-1")
    view = {"event": state.model_dump(mode="json"), "today": "2026-02-02", "turn_id": "turn-1"}
    conversation = [ConversationMessage("client", WORKSHOP)]
    return _fallback().run(spec, conversation, view, [], "none", Understanding).output
