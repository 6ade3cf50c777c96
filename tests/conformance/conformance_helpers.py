"""Helpers of the conformance suite: the golden scripts, the deterministic baseline, turn snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from venuedesk.golden.runner import run_script

SCRIPTS = sorted((Path(__file__).parents[1] / "golden" / "scripts").glob("*.yaml"))


def deterministic_events(baseline: dict[str, list[dict[str, Any]]], script: Path) -> list[dict[str, Any]]:
    if script.stem not in baseline:
        run = run_script(script)
        baseline[script.stem] = [turn_snapshot(turn) for turn in run.turns]
    return baseline[script.stem]


def turn_snapshot(turn: Any) -> dict[str, Any]:
    """What must be identical across providers: the event, open tasks, the footer and the speaking agent."""
    reply = turn.reply
    return {
        "event": turn.event,
        "hil_open": turn.hil_open,
        "footer": reply.footer_text if reply else None,
        "agent": reply.agent if reply else None,
    }
