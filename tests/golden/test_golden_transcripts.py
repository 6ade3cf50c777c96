"""Every golden transcript passes on SQLite and (when configured) PostgreSQL, turn by turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from venuedesk.golden.runner import run_script

SCRIPTS = sorted((Path(__file__).parent / "scripts").glob("*.yaml"))


def test_the_golden_set_has_at_least_twenty_transcripts() -> None:
    assert len(SCRIPTS) >= 20


@pytest.mark.parametrize("script", SCRIPTS, ids=[path.stem for path in SCRIPTS])
def test_golden_transcript_passes(script: Path, database_url: str) -> None:
    run = run_script(script, database_url=database_url)
    failures = [f"turn {t.index} ({t.label}): {f}" for t in run.turns for f in t.failures]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("script", SCRIPTS, ids=[path.stem for path in SCRIPTS])
def test_every_reply_carries_exactly_one_footer(script: Path) -> None:
    run = run_script(script)
    for turn in run.turns:
        if turn.reply is None and turn.label.startswith(("jobs:", "payment:")):
            continue  # the jobs (or a payment recorded only) sent nothing on this turn
        assert turn.reply is not None, f"turn {turn.index} gave no reply"
        reply = turn.reply
        assert reply.footer_text.startswith(f"Step: {reply.footer.step} ")
        assert " · Next: " in reply.footer_text and reply.footer_text.endswith(f"State: {reply.footer.state}")
        assert "Step: " not in reply.body_markdown, f"turn {turn.index}: footer leaked into the body"
