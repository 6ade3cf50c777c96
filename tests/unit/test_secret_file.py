"""A secret file under VENUEDESK_HOME is created once with mode 0600 and then read; processes that start at the same
moment all end up with the one secret the first of them stored."""

from __future__ import annotations

import multiprocessing
import os
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from venuedesk.secret_file import SecretFile, read_or_create_secret_file, replace_secret_file
from venuedesk.transports.feed_tokens import rotate_feed_secret

RACERS = 4


def test_a_missing_secret_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "home" / "key"
    made = read_or_create_secret_file(path, lambda: "first")
    again = read_or_create_secret_file(path, lambda: "second")
    assert made == SecretFile("first", path, created=True)
    assert again == SecretFile("first", path, created=False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_no_scratch_file_is_left_behind(tmp_path: Path) -> None:
    read_or_create_secret_file(tmp_path / "key", lambda: "value")
    assert [entry.name for entry in tmp_path.iterdir()] == ["key"]


def test_an_empty_file_is_a_clear_error_naming_the_secret(tmp_path: Path) -> None:
    (tmp_path / "key").write_text("\n")
    with pytest.raises(RuntimeError, match="delete it and restart to generate a new IP hash key"):
        read_or_create_secret_file(tmp_path / "key", lambda: "value", what="IP hash key")


def test_threads_racing_past_the_existence_check_share_the_first_stored_secret(tmp_path: Path) -> None:
    barrier = threading.Barrier(RACERS)
    names = iter(range(RACERS))

    def make() -> str:
        value = f"secret-{next(names)}"
        barrier.wait(timeout=10)  # every racer has seen no file before any of them writes
        return value

    with ThreadPoolExecutor(RACERS) as pool:
        results = list(pool.map(lambda _: read_or_create_secret_file(tmp_path / "key", make), range(RACERS)))
    assert len({result.value for result in results}) == 1
    assert sum(result.created for result in results) == 1
    assert (tmp_path / "key").read_text().strip() == results[0].value


def _race(path: str, barrier: multiprocessing.synchronize.Barrier, answers: multiprocessing.queues.Queue[str]) -> None:
    def make() -> str:
        value = f"secret-of-{multiprocessing.current_process().pid}"
        barrier.wait(timeout=20)
        return value

    answers.put(read_or_create_secret_file(Path(path), make).value)


def test_processes_starting_at_once_end_up_with_the_same_secret(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(RACERS)
    answers = context.Queue()
    workers = [context.Process(target=_race, args=(str(tmp_path / "key"), barrier, answers)) for _ in range(RACERS)]
    for worker in workers:
        worker.start()
    values = [answers.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert len(set(values)) == 1
    assert (tmp_path / "key").read_text().strip() == values[0]


def test_a_replaced_secret_is_the_new_value_with_mode_0600_and_no_scratch_left(tmp_path: Path) -> None:
    path = tmp_path / "feed-secret"
    read_or_create_secret_file(path, lambda: "old")
    replace_secret_file(path, "new")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and [found.name for found in tmp_path.iterdir()] == ["feed-secret"]


def test_rotating_the_feed_secret_syncs_the_new_file_and_its_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    rotate_feed_secret(tmp_path, environ={})
    assert len(synced) == 2, "the scratch file and the folder it was renamed in"
