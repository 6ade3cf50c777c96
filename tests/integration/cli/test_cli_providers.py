"""Provider choice from the command line: a thread keeps its provider until the venue migrates it explicitly;
a provider that cannot start says which setting or extra is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from venuedesk.cli import app
from venuedesk.store.db import ensure_ready
from venuedesk.store.uow import UnitOfWork, make_session_factory
from venuedesk.clock import FrozenClock
from venuedesk.workflow.desk import Desk

SCRIPT = Path(__file__).parents[2] / "golden" / "scripts" / "03_everything_in_first_message.yaml"


def _thread_with_message(url: str) -> str:
    engine = ensure_ready(url)
    desk = Desk(engine, FrozenClock())
    thread = desk.open_thread().thread_id
    desk.handle_message(thread, "Workshop for 30 people on 10 March 2026, 9 to 5. anna@example.com")
    engine.dispose()
    return thread


def _providers(url: str, thread_id: str) -> dict[str, str]:
    engine = ensure_ready(url)
    with UnitOfWork(make_session_factory(engine), FrozenClock()) as uow:
        providers = dict(uow.threads.get(thread_id).providers)
    engine.dispose()
    return providers


def test_a_thread_records_the_provider_of_each_agent_it_used(home: Path, monkeypatch) -> None:
    url = f"sqlite:///{home.parent / 'cli.sqlite3'}"
    thread = _thread_with_message(url)
    assert _providers(url, thread) == {"intake_agent": "deterministic"}


def test_threads_migrate_moves_every_agent_to_the_new_provider(runner: CliRunner, home: Path) -> None:
    url = f"sqlite:///{home.parent / 'cli.sqlite3'}"
    thread = _thread_with_message(url)
    result = runner.invoke(app, ["threads", "migrate", thread, "--provider", "openai_chat"])
    assert result.exit_code == 0, result.output
    providers = _providers(url, thread)
    assert providers["intake_agent"] == "openai_chat" and providers["offer_agent"] == "openai_chat"


def test_threads_migrate_refuses_an_unknown_provider(runner: CliRunner, home: Path) -> None:
    result = runner.invoke(app, ["threads", "migrate", "thr_x", "--provider", "gpt"])
    assert result.exit_code == 2
    assert "unknown provider 'gpt'" in result.output


def test_run_script_without_a_key_names_the_setting(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("VENUEDESK_OPENAI_API_KEY", raising=False)
    result = runner.invoke(app, ["run-script", str(SCRIPT), "--provider", "openai_chat"])
    assert result.exit_code == 2
    assert "VENUEDESK_OPENAI_API_KEY" in result.output


def test_run_script_on_openai_chat_against_fake_llm_passes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["run-script", str(SCRIPT), "--provider", "openai_chat", "--fake-llm", "--json"])
    assert result.exit_code == 0, result.output
    assert '"model_calls": 1' in result.output
