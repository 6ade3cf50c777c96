"""Browser-test helpers: Debian's chromium settings, viewports, a page collector and screenshots.

Imported by the e2e conftest and the tests by this module's name (never `from conftest import …`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = os.environ.get("VENUEDESK_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
DOCS = Path(__file__).resolve().parents[2] / "docs"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None when Playwright and chromium are both present."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "browser tests need Playwright: .venv/bin/pip install playwright (never `playwright install`)"
    if not Path(CHROMIUM).exists():
        return f"browser tests need chromium at {CHROMIUM}: run scripts/ensure-chromium.sh (apt-get install chromium)"
    return None


class Pages:
    """New pages in separate browser contexts (own sessionStorage), with console errors collected."""

    def __init__(self, browser: object) -> None:
        self.browser = browser
        self.contexts: list[object] = []
        self.errors: list[str] = []

    def new(self, viewport: dict[str, int] | None = None, *, expected_errors: tuple[str, ...] = (),
            locale: str = "en-GB", javascript: bool = True) -> object:
        context = self.browser.new_context(viewport=viewport or DESKTOP, timezone_id="Europe/Zurich", locale=locale,
                                           java_script_enabled=javascript)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(30_000)  # a page load on a machine busy with the whole suite
        self.contexts.append(context)
        page = context.new_page()

        def console(message: object) -> None:
            if message.type == "error" and not any(text in message.text for text in expected_errors):
                self.errors.append(f"{page.url}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def screenshot(page: object, name: str, *, docs: str | None = None, full_page: bool = False) -> Path:
    """Save a screenshot under tests/e2e/artifacts/; with VENUEDESK_UPDATE_DOCS=1 also copy it to docs/<docs>."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    if docs and os.environ.get("VENUEDESK_UPDATE_DOCS") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(path, DOCS / docs)
    return path
