"""The manager console names the model that drafted a task's message (docs/design.md §4.13 Autonomy); a draft the
deterministic desk wrote shows no attribution."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from test_web_pages import client_reaches_review, manager_signs_in  # noqa: E402
from venuedesk.store.db import make_engine  # noqa: E402
from venuedesk.store.models import HilTaskRow  # noqa: E402

BY_MODEL = {"provider": "openai_chat", "model": "gpt-4.1-mini"}


def mark_drafts_as_model_written(home: Path) -> None:
    """What `hil_create` stores when a model understood the turn (tests/integration/api/test_api_attribution.py)."""
    engine = make_engine(f"sqlite:///{home / 'venuedesk.sqlite3'}")
    try:
        with Session(engine) as session:
            for task in session.scalars(select(HilTaskRow)):
                task.draft = {**(task.draft or {}), "drafted_by": BY_MODEL}
            session.commit()
    finally:
        engine.dispose()


def test_a_model_drafted_task_shows_who_drafted_it(pages, base_url: str, tmp_path: Path) -> None:
    client_reaches_review(pages.new(), base_url)
    mark_drafts_as_model_written(tmp_path / "home")
    manager = pages.new()
    manager_signs_in(manager, base_url)
    expect(manager.locator(".task").first.locator("[data-part=drafted-by]")).to_have_text(
        "Drafted by openai_chat (gpt-4.1-mini)")


def test_a_task_the_desk_drafted_shows_no_attribution(pages, base_url: str) -> None:
    client_reaches_review(pages.new(), base_url)
    manager = pages.new()
    manager_signs_in(manager, base_url)
    expect(manager.locator(".task").first.locator(".draft")).to_be_visible()
    expect(manager.locator("[data-part=drafted-by]")).to_have_count(0)
