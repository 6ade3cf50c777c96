"""The test suite's own rules: order-independent fixtures and no import of a conftest module by name."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _imports_conftest(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "conftest":
            return True
        if isinstance(node, ast.Import) and any(alias.name == "conftest" for alias in node.names):
            return True
    return False


def test_no_test_module_imports_a_conftest_by_name() -> None:
    offenders = [str(path.relative_to(TESTS)) for path in sorted(TESTS.rglob("*.py")) if _imports_conftest(path)]
    assert offenders == [], (
        f"{offenders} import `conftest` by name, which resolves to whichever conftest was imported first; "
        "move shared values into a helpers module next to the tests"
    )


def test_the_browser_fixture_is_not_session_scoped() -> None:
    source = (TESTS / "e2e" / "conftest.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    browser = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "browser")
    scopes = [kw.value.value for dec in browser.decorator_list if isinstance(dec, ast.Call)
              for kw in dec.keywords if kw.arg == "scope" and isinstance(kw.value, ast.Constant)]
    assert scopes in ([], ["function"], ["module"]), (
        f"the browser fixture is scoped {scopes}: Playwright's sync API keeps an event loop running while it is "
        "open, so a wider scope breaks asyncio.run() in unrelated tests"
    )
