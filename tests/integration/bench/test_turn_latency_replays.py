"""The turn-latency benchmark still replays the golden conversations it times: a replay that fails its golden
checks (as it did once the hold caps stopped one client's many conversations) makes its figures meaningless."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_turn_latency_benchmark_replays_every_conversation_with_its_golden_checks_passing() -> None:
    command = [sys.executable, str(ROOT / "bench" / "turn_latency.py"), "--backends", "sqlite", "--sizes", "100",
               "--rounds", "1", "--warmup", "0", "--no-write"]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "GOLDEN CHECK FAILED" not in run.stdout + run.stderr
    assert "| sqlite | 100 |" in run.stdout and "all pass" in run.stdout
