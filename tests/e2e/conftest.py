"""Browser tests: the real app under uvicorn, driven by Playwright on Debian's chromium (/usr/bin/chromium).

They skip, with the reason, when Playwright or chromium is missing (`scripts/ensure-chromium.sh` installs it).
Never run `playwright install`: it downloads browsers from the internet.

Playwright's sync API runs an asyncio event loop on the calling thread for as long as it is open, so the
browser is scoped to one test module: when the next test belongs to another module the browser is closed
and the loop with it, and no later `asyncio.run()` in this process can meet a running loop (the root
conftest's guard fails any test that starts with one).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, Pages, skip_reason
from live_server import live_server


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = skip_reason()
    if reason is None:
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium for the tests of one module; closing it stops Playwright's event loop."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    with live_server(tmp_path / "home") as url:
        yield url


@pytest.fixture
def pages(browser: object) -> Iterator[Pages]:
    opened = Pages(browser)
    try:
        yield opened
        assert opened.errors == [], f"console errors: {opened.errors}"
    finally:
        opened.close()
