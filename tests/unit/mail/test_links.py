"""Signed deep links: a link verifies as exactly what was signed, on the desk's clock, for one purpose only."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.transports.mail.links import ExpiredLink, ForgedLink, LinkSigner
from venuedesk.workflow.reply import Action

BASE = "https://desk.venue.example"


def _signer(clock: FrozenClock, secret: str = "s3cret", ttl_hours: int = 24) -> LinkSigner:
    return LinkSigner(secret, clock, public_url=BASE + "/", ttl_hours=ttl_hours)


def _token(url: str) -> str:
    assert url.startswith(f"{BASE}/l/")
    return url.removeprefix(f"{BASE}/l/")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ))


def test_an_action_link_verifies_as_the_action_it_was_signed_for(clock: FrozenClock) -> None:
    signer = _signer(clock)
    url = signer.for_action("thr_a", Action(name="select_date", label="10 March", args={"date": "2026-03-10"}))
    link = signer.verify(_token(str(url)))
    assert (link.kind, link.thread_id, link.scope, link.action, link.args, link.label) == (
        "action", "thr_a", "client", "select_date", {"date": "2026-03-10"}, "10 March")
    assert link.has_side_effect and link.idempotency_key == f"link:{link.nonce}"


def test_each_link_gets_its_own_nonce(clock: FrozenClock) -> None:
    signer = _signer(clock)
    action = Action(name="no_products", label="No extras")
    first, second = (signer.verify(_token(str(signer.for_action("thr_a", action)))) for _ in range(2))
    assert first.nonce != second.nonce


def test_an_action_that_is_not_valid_gets_no_link(clock: FrozenClock) -> None:
    signer = _signer(clock)
    assert signer.for_action("thr_a", Action(name="launch_rocket", label="Go")) is None
    assert signer.for_action("thr_a", Action(name="select_date", label="?", args={"date": "soon"})) is None


def test_a_download_action_becomes_a_content_link_without_side_effect(clock: FrozenClock) -> None:
    signer = _signer(clock)
    link = signer.verify(_token(str(signer.for_action("thr_a", Action(name="download_ics", label="Calendar")))))
    assert link.kind == "invite" and not link.has_side_effect


def test_a_decision_link_carries_task_decision_and_manager(clock: FrozenClock) -> None:
    signer = _signer(clock)
    link = signer.verify(_token(signer.for_decision("hil_1", "approve", "mgr-anna", thread_id="thr_a")))
    assert (link.kind, link.scope, link.task_id, link.decision, link.manager_id, link.thread_id) == (
        "decision", "manager", "hil_1", "approve", "mgr-anna", "thr_a")


def test_edit_is_not_a_link_decision(clock: FrozenClock) -> None:
    with pytest.raises(ValueError, match="approve, reject"):
        _signer(clock).for_decision("hil_1", "edit", "manager")


def test_a_tampered_token_is_forged(clock: FrozenClock) -> None:
    signer = _signer(clock)
    token = _token(signer.for_content("thr_a", "view"))
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    with pytest.raises(ForgedLink):
        signer.verify(tampered)


def test_a_token_of_another_secret_is_forged(clock: FrozenClock) -> None:
    token = _token(_signer(clock, secret="other").for_content("thr_a", "view"))
    with pytest.raises(ForgedLink):
        _signer(clock).verify(token)


def test_a_token_signed_for_one_purpose_never_verifies_as_another(clock: FrozenClock) -> None:
    signer = _signer(clock)
    token = _token(str(signer.for_action("thr_a", Action(name="no_products", label="No extras"))))
    for prefix in ("d", "i", "v"):
        with pytest.raises(ForgedLink):
            signer.verify(prefix + token[1:])


def test_garbage_is_forged(clock: FrozenClock) -> None:
    for token in ("", "x", "a.", "z.abc", "a.not-a-token"):
        with pytest.raises(ForgedLink):
            _signer(clock).verify(token)


def test_a_link_expires_after_its_lifetime_on_the_injected_clock(clock: FrozenClock) -> None:
    signer = _signer(clock, ttl_hours=24)
    token = _token(signer.for_content("thr_a", "view"))
    clock.advance(timedelta(hours=24))
    assert signer.verify(token).thread_id == "thr_a"
    clock.advance(timedelta(seconds=1))
    with pytest.raises(ExpiredLink):
        signer.verify(token)


def test_a_lazy_secret_is_read_once_on_the_first_link(clock: FrozenClock) -> None:
    calls: list[int] = []

    def secret() -> str:
        calls.append(1)
        return "lazy"

    signer = LinkSigner(secret, clock, public_url=BASE, ttl_hours=1)
    assert calls == []
    signer.verify(_token(signer.for_content("thr_a", "view")))
    signer.for_content("thr_b", "invite")
    assert calls == [1]


def test_a_decision_link_signed_without_its_thread_leaves_the_thread_to_the_task(clock: FrozenClock) -> None:
    signer = _signer(clock)
    link = signer.verify(_token(signer.for_decision("hil_1", "reject", "manager")))
    assert link.thread_id is None and link.decision == "reject"


def test_the_link_to_a_separate_inquirys_thread_views_that_thread(clock: FrozenClock) -> None:
    signer = _signer(clock)
    url = signer.for_action("thr_a", Action(name="open_thread", label="Open", args={"thread_id": "thr_b"}))
    assert url is not None
    link = signer.verify(url.rpartition("/l/")[2])
    assert (link.thread_id, link.kind, link.has_side_effect) == ("thr_b", "view", False)
