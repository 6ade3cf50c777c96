"""The import graph of venuedesk has no cycles (import-linter's acyclic_siblings contract in pyproject.toml)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = (
    "import sys; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))"
)


def _lint(config: Path, cwd: Path, source_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with `source_dir` first on the path, so the graph is of exactly those sources."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(source_dir), os.environ.get("PYTHONPATH", "")])}
    code = LINT.replace("'pyproject.toml'", repr(str(config)))
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_no_module_or_package_of_venuedesk_imports_itself_back() -> None:
    result = _lint(ROOT / "pyproject.toml", ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_contract_catches_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg" / "cyclic"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic import b\n")
    (package / "b.py").write_text("from cyclic import a\n")
    config = tmp_path / "contract.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "cyclic"\n\n[[tool.importlinter.contracts]]\n'
        'name = "acyclic"\ntype = "acyclic_siblings"\nancestors = ["cyclic"]\n'
    )
    result = _lint(config, tmp_path, tmp_path / "pkg")
    assert result.returncode != 0
    assert ".a -> .b" in result.stdout or ".b -> .a" in result.stdout
