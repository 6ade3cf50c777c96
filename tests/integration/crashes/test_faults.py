"""VENUEDESK_FAULTS: the grammar of the setting, and what each action does at a point (docs/crashes.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from venuedesk import faults
from venuedesk.faults import Fault, InjectedFault, parse

TURN = "turn.after_tools_before_commit"
JOB = "job.after_effect_before_finalise"


@pytest.fixture
def armed(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201 - a setter
    """Arm faults in this process for one test (restored afterwards)."""

    def arm(spec: str) -> None:
        monkeypatch.setattr(faults, "_FAULTS", parse(spec))
        monkeypatch.setattr(faults, "_fired", {})

    return arm


def test_a_setting_names_points_subjects_actions_and_counts() -> None:
    assert parse(f"{TURN}:kill, {JOB}@outbox_delivery:pause=/tmp/p*2,decision.before_commit:raise*1") == (
        Fault(TURN, "kill"), Fault(JOB, "pause", "outbox_delivery", "/tmp/p", 2),
        Fault("decision.before_commit", "raise", times=1))


def test_an_empty_setting_has_no_faults() -> None:
    assert parse("") == ()


@pytest.mark.parametrize("spec", ["turn.typo:kill", f"{TURN}:explode", f"{TURN}:pause", f"{TURN}:kill=/tmp/x",
                                  f"{TURN}:raise*twice"])
def test_a_malformed_setting_is_refused_with_the_expected_form(spec: str) -> None:
    with pytest.raises(ValueError, match=r"point\[@subject\]:kill\|raise\|pause=<file>\[\*N\]"):
        parse(spec)


def test_a_raise_fault_raises_at_its_point_only_for_its_subject(armed) -> None:  # noqa: ANN001
    armed(f"{JOB}@hil_reminder:raise")
    faults.point(JOB, subject="outbox_delivery")
    faults.point(TURN, subject="hil_reminder")
    with pytest.raises(InjectedFault, match=JOB):
        faults.point(JOB, subject="hil_reminder")


def test_a_counted_fault_fires_that_many_times_then_never(armed) -> None:  # noqa: ANN001
    armed(f"{TURN}:raise*2")
    for _ in range(2):
        with pytest.raises(InjectedFault):
            faults.point(TURN, subject="thr_1")
    faults.point(TURN, subject="thr_1")


def test_a_pause_writes_its_file_and_waits_until_the_file_is_gone(armed, tmp_path: Path) -> None:  # noqa: ANN001
    marker = tmp_path / "paused"
    armed(f"{TURN}:pause={marker}*1")
    paused = threading.Thread(target=faults.point, args=(TURN,))
    paused.start()
    waited = threading.Event()
    while not marker.exists():
        waited.wait(0.01)
    assert paused.is_alive() and marker.read_text() == f"{os.getpid()}\n"
    marker.unlink()
    paused.join(10)
    assert not paused.is_alive()


def test_a_kill_fault_ends_the_process_with_sigkill(tmp_path: Path) -> None:
    code = "from venuedesk import faults; faults.point('decision.before_commit', subject='t1'); print('survived')"
    env = dict(os.environ, VENUEDESK_FAULTS="decision.before_commit@t1:kill")
    finished = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert (finished.returncode, finished.stdout) == (-signal.SIGKILL, "")


def test_a_malformed_setting_stops_the_process_at_import() -> None:
    env = dict(os.environ, VENUEDESK_FAULTS="turn.after_tools_before_commit:explode")
    finished = subprocess.run([sys.executable, "-c", "import venuedesk.faults"], env=env, capture_output=True,
                              text=True, timeout=60)
    assert finished.returncode == 1 and "VENUEDESK_FAULTS" in finished.stderr
