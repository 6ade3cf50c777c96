"""/docs (Swagger UI) renders the API's operations in a browser with no request leaving the origin, none
failing, and no Content-Security-Policy violation (the `pages` fixture fails on any console error)."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402


def _watch(page, base_url: str) -> tuple[list[str], list[str]]:  # noqa: ANN001
    """Collect every request that leaves the origin and every request that fails."""
    foreign: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((base_url, "data:", "blob:"))
            else foreign.append(request.url))
    page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
    page.on("response", lambda response: failed.append(f"{response.url}: {response.status}")
            if response.status >= 400 else None)
    return foreign, failed


def test_swagger_ui_renders_the_operations_offline(pages, base_url: str) -> None:
    page = pages.new()
    foreign, failed = _watch(page, base_url)

    page.goto(f"{base_url}/docs")

    operation = page.locator(".opblock-summary-path", has_text="/api/threads/{thread_id}/messages")
    expect(operation.first).to_be_visible()
    expect(page.locator(".opblock")).to_have_count(len(_operations(page, base_url)))
    page.wait_for_load_state("networkidle")
    assert foreign == [] and failed == []


def test_swagger_ui_opens_an_operation_with_its_example(pages, base_url: str) -> None:
    page = pages.new()
    foreign, failed = _watch(page, base_url)
    page.goto(f"{base_url}/docs")

    # Swagger UI's deep linking turns the click into a hash navigation; the expectation below waits for the result.
    page.locator(".opblock-summary", has_text="/api/threads/{thread_id}/actions").first.click(no_wait_after=True)

    expect(page.locator(".opblock-body").first).to_contain_text("select_date")
    assert foreign == [] and failed == []


def _operations(page, base_url: str) -> list[tuple[str, str, str]]:  # noqa: ANN001
    """(method, path, tag) of every operation in /openapi.json, once per tag: Swagger UI lists an operation
    under each of its tags (`deposit-paid` is both `payments` and `manager`)."""
    spec = page.request.get(f"{base_url}/openapi.json").json()
    return [(method, path, tag) for path, item in spec["paths"].items() for method, operation in item.items()
            if method in {"get", "post", "put", "patch", "delete"} for tag in operation.get("tags") or ["default"]]
