"""`venuedesk chat` runs the background jobs on demand (`/jobs [AT]`) and refuses a malformed `/deposit-paid`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from venuedesk.cli import app

HELD_OFFER = "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5, Room B, no catering.\n"
REMINDER_DUE = "2026-02-03T09:00:00+01:00"


def _chat(runner: CliRunner, lines: str) -> str:
    result = runner.invoke(app, ["chat", "--from", "anna@example.com"], input=lines)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_help_lists_deposit_paid_and_jobs(runner: CliRunner) -> None:
    output = _chat(runner, "/help\n")
    assert "/deposit-paid AMOUNT" in output and "/jobs [AT]" in output


def test_jobs_with_nothing_due_says_so_with_the_clock_s_time(runner: CliRunner) -> None:
    output = _chat(runner, "/jobs\n")
    assert "[jobs] nothing due at 2026-02-02T09:00:00+01:00" in output


def test_jobs_at_the_reminder_time_runs_the_reminder_and_prints_what_it_sent_to_the_client(
    runner: CliRunner
) -> None:
    output = _chat(runner, HELD_OFFER + f"/jobs {REMINDER_DUE}\n")
    after_jobs = output[output.index("[jobs]"):]
    assert "[jobs] hil_reminder: 1 done, 0 failed" in after_jobs
    assert "not forgotten" in after_jobs


def test_jobs_run_twice_at_the_same_time_send_the_reminder_once(runner: CliRunner) -> None:
    output = _chat(runner, HELD_OFFER + f"/jobs {REMINDER_DUE}\n/jobs\n")
    assert output.count("not forgotten") == 1
    assert output.rstrip().endswith(f"[jobs] nothing due at {REMINDER_DUE}")


@pytest.mark.parametrize(("line", "problem"), [
    ("/jobs tomorrow", "'tomorrow' is not an ISO 8601 time"),
    ("/jobs 2026-01-01T09:00:00+01:00", "is before the chat's clock"),
])
def test_jobs_with_a_bad_time_says_what_is_wrong_and_runs_nothing(runner: CliRunner, line: str,
                                                                    problem: str) -> None:
    output = _chat(runner, line + "\n")
    assert "error: " in output and problem in output
    assert "done," not in output


def test_jobs_at_a_time_needs_a_frozen_clock(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VENUEDESK_CLOCK")
    output = _chat(runner, f"/jobs {REMINDER_DUE}\n")
    assert "error: /jobs AT needs a frozen clock; start the chat with VENUEDESK_CLOCK set" in output


@pytest.mark.parametrize("line", ["/deposit-paid", "/deposit-paid lots", "/deposit-paid -50", "/deposit-paid 0"])
def test_deposit_paid_without_a_positive_amount_prints_the_usage_and_changes_nothing(
    runner: CliRunner, line: str
) -> None:
    output = _chat(runner, HELD_OFFER + line + "\n/state\n")
    assert "usage: /deposit-paid AMOUNT, the amount received in CHF, e.g. /deposit-paid 450.00" in output
    assert '"paid_at": null' in output


TO_DEPOSIT = "\n".join([
    "Hi, we'd like a workshop for 30 people on 3 March 2026, 9 to 5.",
    "/action select_room room_id=room-b",
    "/action add_product product_id=lunch",
    "/approve",
    "We accept the offer.",
    "Billing: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern",
]) + "\n"


def test_deposit_paid_records_the_deposit_and_the_client_hears_it_arrived(runner: CliRunner) -> None:
    output = _chat(runner, TO_DEPOSIT + "/deposit-paid 477.00\n/state\n")
    assert "Please pay the deposit of CHF 477.00" in output
    marked = output[output.index("[manager] deposit marked paid"):]
    assert "we have received your deposit of CHF 477.00" in marked
    assert '"paid_at": "2026-02-02T09:00:00+01:00"' in marked


def test_deposit_paid_twice_records_one_payment(runner: CliRunner) -> None:
    state = _state(_chat(runner, TO_DEPOSIT + "/deposit-paid 477.00\n/deposit-paid 477.00\n/state\n"))
    payments = [entry for entry in state["audit"] if entry["kind"] == "tool" and "deposit_mark_paid" in entry["reason"]]
    assert len(payments) == 1
    assert state["deposit"]["paid_at"] == "2026-02-02T09:00:00+01:00" and state["current_step"] == 7


def _state(output: str) -> dict[str, Any]:
    """The JSON printed by /state (the last top-level JSON object in the output)."""
    return dict(json.loads(output[output.rindex("\n{\n") + 1:]))


TO_CONFIRMED = "\n".join([
    "Hi, we'd like a workshop for 30 people on 3 March 2026, 9 to 5.",
    "/action select_room room_id=room-b",
    "/action no_products",
    "/approve",
    "We accept the offer.",
    "Billing: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern",
    "/approve",
]) + "\n"


def test_a_confirmation_offers_the_invite_as_an_ics_command(runner: CliRunner) -> None:
    output = _chat(runner, TO_CONFIRMED)
    confirmed = output[output.rindex("[manager] approved"):]
    assert "is confirmed" in confirmed and "/ics [FILE]   (Add to calendar (.ics))" in confirmed
    assert "/action download_ics" not in confirmed


def test_ics_saves_the_confirmed_booking_s_invite(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "invite.ics"
    output = _chat(runner, TO_CONFIRMED + f"/ics {target}\n")
    assert f"to {target}" in output and "[calendar] saved the invite" in output
    invite = target.read_text(encoding="utf-8")
    assert invite.startswith("BEGIN:VCALENDAR") and "Room B" in invite


def test_ics_before_a_confirmation_says_there_is_none_yet_and_writes_nothing(runner: CliRunner,
                                                                             tmp_path: Path) -> None:
    target = tmp_path / "invite.ics"
    output = _chat(runner, HELD_OFFER + f"/ics {target}\n")
    assert "error: " in output and "confirmed" in output.splitlines()[-1]
    assert not target.exists()


def test_a_separate_inquiry_names_the_thread_command_and_thread_switches_to_it(runner: CliRunner) -> None:
    output = _chat(runner, "Workshop for 30 people in March, ideally a Tuesday, 9 to 5\n"
                           "Thanks. By the way, we're also planning a Christmas dinner for 40 people in December - "
                           "could you send something for that too?\n/thread thr_nowhere\n")
    command = next(line.split()[1] for line in output.splitlines() if line.strip().startswith("/thread thr_"))
    assert "error: no conversation on thread 'thr_nowhere'" in output
    switched = _chat(runner, "Workshop for 30 people in March, ideally a Tuesday, 9 to 5\n"
                             "Thanks. By the way, we're also planning a Christmas dinner for 40 people in December - "
                             f"could you send something for that too?\n/thread {command}\n/state\n")
    assert f"now on thread {command}" in switched and f'"thread_id": "{command}"' in switched
