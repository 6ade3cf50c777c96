"""The failure throttle refuses a key after max_failures within the window, says how long to wait, and forgets
failures that left the window or a key that succeeded."""

from __future__ import annotations

from venuedesk.accounts.throttle import FailureThrottle


class Ticks:
    """A settable monotonic clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_refused_after_max_failures_until_the_first_leaves_the_window() -> None:
    ticks = Ticks()
    throttle = FailureThrottle(3, 60, clock=ticks)
    for _ in range(3):
        assert throttle.retry_after("ip:a") is None
        throttle.failed("ip:a")
        ticks.now += 10
    assert throttle.retry_after("ip:a") == 30
    ticks.now += 30
    assert throttle.retry_after("ip:a") is None


def test_other_keys_are_not_refused() -> None:
    throttle = FailureThrottle(1, 60)
    throttle.failed("ip:a")
    assert throttle.retry_after("ip:a") is not None
    assert throttle.retry_after("ip:b") is None


def test_success_forgets_a_key_s_failures() -> None:
    throttle = FailureThrottle(1, 60)
    throttle.failed("account:max@venue.example")
    throttle.succeeded("account:max@venue.example")
    assert throttle.retry_after("account:max@venue.example") is None


def test_the_least_recently_failed_keys_are_forgotten_beyond_max_keys() -> None:
    throttle = FailureThrottle(1, 60, max_keys=2)
    for key in ("a", "b", "c"):
        throttle.failed(key)
    assert [throttle.retry_after(key) is None for key in ("a", "b", "c")] == [True, False, False]
