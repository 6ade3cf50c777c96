"""Running work on several threads at once, for the tests of races (a double click, two workers, two managers)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def at_once(work: Callable[[], Any], workers: int = 2) -> list[Any]:
    """Run `work` in `workers` threads released together; their results (an exception fails the test)."""
    barrier = threading.Barrier(workers)
    results: list[Any] = [None] * workers
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work()
        except BaseException as exc:  # re-raised below on the test thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    return results
