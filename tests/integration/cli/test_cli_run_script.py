"""`venuedesk run-script`: exit 0 on a passing transcript, 1 naming the failing turn, 2 on a malformed file;
`--json` prints one object per turn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from venuedesk.cli import app

SCRIPTS = Path(__file__).resolve().parents[2] / "golden" / "scripts"
HAPPY = SCRIPTS / "01_happy_path_en.yaml"
SHORT_SCRIPT = """\
clock: "2026-02-02T09:00:00+01:00"
turns:
  - client: "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5."
    from: anna@example.com
    expect: {step: %(step)d, state: Awaiting Client}
  - action: select_room
    args: {room_id: room-b}
    expect: {step: 4, event: {locked_room_id: room-b}}
"""


def _script(tmp_path: Path, text: str, name: str = "script.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_passing_script_exits_0_and_says_all_turns_passed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["run-script", str(HAPPY)])
    assert result.exit_code == 0, result.output
    assert "all 7 turns passed" in result.stdout
    assert "FAIL" not in result.output


def test_a_passing_script_prints_each_turn_with_its_footer(runner: CliRunner) -> None:
    result = runner.invoke(app, ["run-script", str(HAPPY)])
    assert result.stdout.count("--- turn ") == 7
    assert "Step: 3 Room · Next: choose a room · State: Awaiting Client" in result.stdout


def test_a_wrong_expectation_exits_1_and_names_the_failing_turn(runner: CliRunner, tmp_path: Path) -> None:
    script = _script(tmp_path, SHORT_SCRIPT % {"step": 2})

    result = runner.invoke(app, ["run-script", str(script)])

    assert result.exit_code == 1
    assert "FAIL turn 1: step: expected 2, got 3" in result.stdout
    assert "FAILED at turn 1" in result.stderr and "script.yaml" in result.stderr
    assert "turn 2" not in result.stderr


def test_a_wrong_expectation_does_not_stop_the_later_turns(runner: CliRunner, tmp_path: Path) -> None:
    script = _script(tmp_path, SHORT_SCRIPT % {"step": 2})
    result = runner.invoke(app, ["run-script", str(script)])
    assert "--- turn 2" in result.stdout


def test_json_prints_one_object_per_turn_with_event_hil_and_footer(runner: CliRunner) -> None:
    result = runner.invoke(app, ["run-script", "--json", str(HAPPY)])

    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    turns = [json.loads(line) for line in lines]
    assert [turn["turn"] for turn in turns] == list(range(1, 8))
    for turn in turns:
        assert {"event", "hil_open", "footer", "footer_text", "body_markdown"} <= turn.keys()
        assert turn["footer_text"].startswith(f"Step: {turn['footer']['step']} ")
    assert turns[3]["event"]["offer"]["total"] == 750.0
    assert turns[2]["hil_open"] == 1 and turns[3]["hil_open"] == 0


def test_a_script_without_turns_exits_2_naming_the_file_and_field(runner: CliRunner, tmp_path: Path) -> None:
    script = _script(tmp_path, 'clock: "2026-02-02T09:00:00+01:00"\n', "no_turns.yaml")

    result = runner.invoke(app, ["run-script", str(script)])

    assert result.exit_code == 2
    assert "no_turns.yaml" in result.stderr and "turns" in result.stderr


def test_a_script_with_invalid_yaml_exits_2_naming_the_file(runner: CliRunner, tmp_path: Path) -> None:
    script = _script(tmp_path, "clock: [2026\nturns:\n", "broken.yaml")

    result = runner.invoke(app, ["run-script", str(script)])

    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr


def test_a_missing_script_file_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run-script", "nope.yaml"])
    assert result.exit_code == 2
    assert "nope.yaml" in result.output
