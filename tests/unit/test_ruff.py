"""The sources pass ruff with the rule selection in pyproject.toml ([tool.ruff.lint])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _ruff() -> str | None:
    beside = Path(sys.executable).with_name("ruff")
    return str(beside) if beside.exists() else shutil.which("ruff")


def test_ruff_finds_nothing_in_src_tests_and_bench() -> None:
    ruff = _ruff()
    if ruff is None:
        pytest.skip("ruff is not installed: pip install -e '.[test]' installs it")
    result = subprocess.run([ruff, "check", "--no-cache", "src", "tests", "bench"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, f"ruff found problems:\n{result.stdout}{result.stderr}"
