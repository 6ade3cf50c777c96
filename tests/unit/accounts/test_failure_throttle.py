"""The failure throttle hashes each key before the shared counts see it, remembers for a moment that a key was not
refused (so a request need not read the store every time), asks again after a failure on this process, and lets
requests through when the counting store fails. The `limits` backend refuses a key after max_failures in the
window."""

from __future__ import annotations

import logging

import pytest
from limits.storage import MemoryStorage

from venuedesk.accounts.throttle import FailureThrottle, LimitsFailures


class Ticks:
    """A settable monotonic clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Counts:
    """Shared counts that record the keys they are asked about."""

    def __init__(self, refuse: int | None = None) -> None:
        self.refuse = refuse
        self.asked: list[str] = []
        self.failures: list[str] = []
        self.forgotten: list[str] = []

    def retry_after(self, key: str) -> int | None:
        self.asked.append(key)
        return self.refuse

    def failed(self, key: str) -> None:
        self.failures.append(key)

    def forget(self, key: str) -> None:
        self.forgotten.append(key)


class Broken(Counts):
    def retry_after(self, key: str) -> int | None:
        raise ConnectionError("redis is down")


def test_keys_reach_the_shared_counts_only_hashed() -> None:
    counts = Counts()
    throttle = FailureThrottle(counts, lambda key: f"h({key})")
    throttle.retry_after("ip:10.0.0.1")
    throttle.failed("ip:10.0.0.1")
    throttle.succeeded("account:max@venue.example")
    assert (counts.asked, counts.failures, counts.forgotten) == (
        ["h(ip:10.0.0.1)"], ["h(ip:10.0.0.1)"], ["h(account:max@venue.example)"])


def test_a_key_not_refused_is_not_asked_again_within_the_quiet_second() -> None:
    ticks, counts = Ticks(), Counts()
    throttle = FailureThrottle(counts, str, quiet_seconds=1.0, clock=ticks)
    throttle.retry_after("ip:a")
    ticks.now += 0.5
    throttle.retry_after("ip:a")
    ticks.now += 0.6
    throttle.retry_after("ip:a")
    assert counts.asked == ["ip:a", "ip:a"]


def test_a_failure_on_this_process_makes_the_next_check_ask_the_shared_counts() -> None:
    counts = Counts()
    throttle = FailureThrottle(counts, str)
    throttle.retry_after("ip:a")
    throttle.failed("ip:a")
    throttle.retry_after("ip:a")
    assert counts.asked == ["ip:a", "ip:a"]


def test_a_refused_key_is_asked_about_every_time() -> None:
    counts = Counts(refuse=30)
    throttle = FailureThrottle(counts, str)
    assert [throttle.retry_after("ip:a") for _ in range(2)] == [30, 30]
    assert counts.asked == ["ip:a", "ip:a"]


def test_a_failing_store_lets_the_request_through_and_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    throttle = FailureThrottle(Broken(), str, quiet_seconds=0)
    with caplog.at_level(logging.ERROR, logger="venuedesk.accounts"):
        assert [throttle.retry_after("ip:a") for _ in range(2)] == [None, None]
    assert len(caplog.records) == 1


def test_the_limits_backend_refuses_a_key_after_max_failures_and_says_how_long() -> None:
    counts = LimitsFailures(MemoryStorage(), 3, 60)
    for _ in range(3):
        assert counts.retry_after("a") is None
        counts.failed("a")
    assert 0 < (counts.retry_after("a") or 0) <= 60
    assert counts.retry_after("b") is None


def test_the_limits_backend_forgets_a_key_that_succeeded() -> None:
    counts = LimitsFailures(MemoryStorage(), 1, 60)
    counts.failed("a")
    counts.forget("a")
    assert counts.retry_after("a") is None
