"""Failed sign-ins counted in the database (`auth_failures`), on every backend: a key is refused after max_failures
within the window until the oldest leaves it; other keys are not; a success forgets the key; failures that left the
window are deleted as new ones come."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from venuedesk.accounts.throttle import DatabaseFailures
from venuedesk.store.account_models import AuthFailureRow


class Ticks:
    """A settable wall clock (Unix seconds)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _rows(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(AuthFailureRow)) or 0


def test_a_key_is_refused_after_max_failures_until_the_first_leaves_the_window(engine: Engine) -> None:
    ticks = Ticks()
    counts = DatabaseFailures(engine, 3, 60, clock=ticks)
    for _ in range(3):
        assert counts.retry_after("a") is None
        counts.failed("a")
        ticks.now += 10
    assert counts.retry_after("a") == 30
    assert counts.retry_after("b") is None
    ticks.now += 30
    assert counts.retry_after("a") is None


def test_a_success_forgets_the_key(engine: Engine) -> None:
    counts = DatabaseFailures(engine, 1, 60)
    counts.failed("a")
    counts.forget("a")
    assert counts.retry_after("a") is None


def test_failures_that_left_the_window_are_deleted_when_the_next_one_comes(engine: Engine) -> None:
    ticks = Ticks()
    counts = DatabaseFailures(engine, 3, 60, clock=ticks)
    counts.failed("a")
    counts.failed("b")
    ticks.now += 61
    counts.failed("c")
    assert _rows(engine) == 1


def test_reading_the_count_does_not_wait_for_a_writer_holding_the_database(engine: Engine) -> None:
    counts = DatabaseFailures(engine, 1, 60)
    with engine.begin() as writer:  # on SQLite this holds the write lock until the block ends
        writer.execute(AuthFailureRow.__table__.insert().values(key_hash="b", failed_at=1.0))
        assert counts.retry_after("a") is None
