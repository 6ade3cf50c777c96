"""Each misbehaviour of a model, injected by fake-llm into the openai_chat adapter's real SDK traffic: no crash,
no skipped gate, no duplicate side effect, and the same thread state as the deterministic run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from conformance_helpers import SCRIPTS, deterministic_events, turn_snapshot
from venuedesk.golden.providers_for_scripts import settings_for
from venuedesk.golden.runner import ScriptRun, run_script
from venuedesk.providers.backoff import Backoff
from venuedesk.store.models import BookingRow, HilTaskRow
from venuedesk.workflow.desk import Desk

EVERYTHING = next(path for path in SCRIPTS if path.stem.startswith("03_"))
HAPPY = next(path for path in SCRIPTS if path.stem.startswith("01_"))


class Recorder:
    """Stands in for time.sleep in the adapter's backoff, so retries are fast and their waits visible."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.sleeps.append(seconds)


@pytest.fixture
def faulty(fake_llm) -> Iterator[Any]:
    """`faulty(names, count)` arms the fake for the next requests; disarmed after the test."""
    yield fake_llm.set_faults
    fake_llm.reset()


def _run(script: Path, url: str, sleeps: Recorder, *, timeout: float = 5.0) -> tuple[ScriptRun, dict[str, int]]:
    counts: dict[str, int] = {}
    settings = settings_for("openai_chat", url).model_copy(update={"model_timeout_seconds": timeout})

    def desk_factory(engine: Engine, clock: Any, **kwargs: Any) -> Desk:
        desk = Desk(engine, clock, runtime_options={"openai_chat": {"backoff": Backoff(sleep=sleeps)}}, **kwargs)
        original = desk.event_view

        def event_view(thread_id: str) -> Any:
            with engine.connect() as connection:
                counts["holds"] = connection.execute(select(func.count()).select_from(BookingRow)).scalar_one()
                counts["tasks"] = connection.execute(select(func.count()).select_from(HilTaskRow)).scalar_one()
            return original(thread_id)

        desk.event_view = event_view  # type: ignore[method-assign]
        return desk

    settings_run = run_script(script, provider_settings=settings, desk_factory=desk_factory)
    return settings_run, counts


def _assert_same_as_deterministic(run: ScriptRun, script: Path, baseline: dict) -> None:
    failures = [f"turn {t.index}: {f}" for t in run.turns for f in t.failures]
    assert not failures, "\n".join(failures)
    for turn, want in zip(run.turns, deterministic_events(baseline, script), strict=True):
        assert turn_snapshot(turn) == want, f"turn {turn.index} differs"


@pytest.mark.parametrize(
    "fault",
    ["invalid_json_args", "schema_violation", "unoffered_tool", "ignore_tool_choice", "repeat_call_id",
     "invented_room", "invalid_output", "injection_text"],
)
def test_content_fault_on_every_call_changes_nothing_the_engine_owns(fault, fake_llm, faulty, baseline) -> None:
    faulty([fault])
    run, counts = _run(EVERYTHING, fake_llm.base_url, Recorder())
    if fault == "injection_text":
        assert run.turns[0].event["offer"]["total"] == 2090.0
        return
    _assert_same_as_deterministic(run, EVERYTHING, baseline)
    assert counts == {"holds": 1, "tasks": 1}


def test_rate_limit_is_retried_honouring_retry_after(fake_llm, faulty, baseline) -> None:
    faulty(["rate_limit"], count=2)
    sleeps = Recorder()
    run, _counts = _run(EVERYTHING, fake_llm.base_url, sleeps)
    _assert_same_as_deterministic(run, EVERYTHING, baseline)
    assert sleeps.sleeps == [1.0, 1.0]


def test_server_errors_beyond_the_retries_hand_the_turn_to_the_deterministic_provider(
    fake_llm, faulty, baseline
) -> None:
    faulty(["server_error"])
    sleeps = Recorder()
    run, counts = _run(EVERYTHING, fake_llm.base_url, sleeps)
    _assert_same_as_deterministic(run, EVERYTHING, baseline)
    assert len(sleeps.sleeps) == 2 and counts == {"holds": 1, "tasks": 1}
    assert run.turns[0].model_calls == 3


def test_a_hanging_model_times_out_and_is_retried(fake_llm, faulty, baseline) -> None:
    fake_llm.set_faults(["hang"], count=1, hang_seconds=3.0)
    run, _counts = _run(EVERYTHING, fake_llm.base_url, Recorder(), timeout=0.5)
    _assert_same_as_deterministic(run, EVERYTHING, baseline)
    assert run.turns[0].model_calls == 2


def test_a_malformed_body_is_retried(fake_llm, faulty, baseline) -> None:
    faulty(["malformed_body"], count=1)
    run, _counts = _run(EVERYTHING, fake_llm.base_url, Recorder())
    _assert_same_as_deterministic(run, EVERYTHING, baseline)


def test_invalid_output_once_is_repaired_with_one_more_call(fake_llm, faulty, baseline) -> None:
    faulty(["invalid_output"], count=1)
    run, _counts = _run(EVERYTHING, fake_llm.base_url, Recorder())
    _assert_same_as_deterministic(run, EVERYTHING, baseline)
    assert run.turns[0].model_calls == 2


def test_a_full_conversation_survives_faults_on_every_model_call(fake_llm, faulty, baseline) -> None:
    faulty(["invented_room", "repeat_call_id"])
    run, _counts = _run(HAPPY, fake_llm.base_url, Recorder())
    _assert_same_as_deterministic(run, HAPPY, baseline)
