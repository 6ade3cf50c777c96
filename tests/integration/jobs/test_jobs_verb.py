"""`jobs: run` in a golden transcript runs the due jobs at the script's clock, and its `expect` is checked
whether or not the jobs sent anything."""

from __future__ import annotations

from pathlib import Path

from venuedesk.golden.runner import run_script

OFFER = ('  - client: "Please book Room B for a workshop with 30 people on 10 March 2026, 09:00-17:00, '
         'no catering."\n    from: anna@example.com\n')


def _play(tmp_path: Path, turns: str) -> list[list[str]]:
    script = tmp_path / "jobs.yaml"
    script.write_text(f'clock: "2026-02-02T09:00:00+01:00"\nturns:\n{OFFER}{turns}', encoding="utf-8")
    return [turn.failures for turn in run_script(script).turns]


def test_a_jobs_turn_before_the_reminder_is_due_sends_nothing_and_fails_an_expected_text(tmp_path: Path) -> None:
    failures = _play(tmp_path, '  - at: "2026-02-02T20:00:00+01:00"\n    jobs: run\n'
                               '    expect: {hil_open: 1, body_contains: ["not forgotten"]}\n')
    assert failures[1] == ["body_contains: 'not forgotten': nothing was sent"]


def test_a_jobs_turn_at_the_reminder_time_replies_with_the_reminder(tmp_path: Path) -> None:
    failures = _play(tmp_path, '  - at: "2026-02-03T09:00:00+01:00"\n    jobs: run\n'
                               '    expect: {agent: desk, state: Waiting on HIL, body_contains: ["not forgotten"]}\n')
    assert failures == [[], []]
