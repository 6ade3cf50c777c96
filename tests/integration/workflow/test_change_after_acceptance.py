"""A change after acceptance, before confirmation (docs/design.md §4.13 "A change after acceptance"): the accepted
version is superseded by the new one, the client accepts again, the deposit terms follow the live offer (a paid
deposit stays paid, the difference noted for the manager), and the option clock runs again from the new version."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine, select
from workflow_helpers import SENDER

from venuedesk.clock import FrozenClock
from venuedesk.store.models import BookingRow, HilTaskRow
from venuedesk.workflow.desk import Desk

WITH_LUNCH = ("Please book Room B for a workshop with 30 people on 10 March 2026, 09:00-17:00, with lunch for "
              "everyone.")  # CHF 1,590.00: deposit 477.00
BILLING = "Billing: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"


def _accepted(desk: Desk, thread_id: str) -> None:
    """Offer v1 (CHF 1,590.00) sent and accepted: step 6, the hold's clock stopped."""
    held = desk.handle_message(thread_id, WITH_LUNCH, sender=SENDER)
    assert held.hil is not None, held.body_markdown
    desk.decide(held.hil.task_id, "approve")
    desk.handle_message(thread_id, "We accept the offer.")
    assert desk.event_view(thread_id)["offer"]["status"] == "Accepted"


def _reoffered(desk: Desk, clock: FrozenClock, thread_id: str, change: str) -> str:
    """Two days later the client changes something; returns the new version's approval task."""
    clock.set(clock.now() + timedelta(days=2))
    reply = desk.handle_message(thread_id, change)
    assert reply.hil is not None and reply.hil.type == "offer_approval", reply.body_markdown
    return reply.hil.task_id


def _expiry(engine: Engine, thread_id: str) -> list[object]:
    with engine.connect() as connection:
        return list(connection.execute(select(BookingRow.expires_at).where(
            BookingRow.event_id == f"evt_{thread_id.removeprefix('thr_')}")).scalars())


def _statuses(desk: Desk, thread_id: str) -> list[str]:
    return [offer["status"] for offer in desk.event_view(thread_id)["offers"]]


def test_a_change_after_acceptance_supersedes_the_accepted_version(desk: Desk, clock: FrozenClock,
                                                                     thread_id: str) -> None:
    _accepted(desk, thread_id)
    _reoffered(desk, clock, thread_id, "Could we move it to 17 March, same time?")
    assert _statuses(desk, thread_id) == ["Superseded", "Draft"]
    assert desk.event_view(thread_id)["offer"]["version"] == 2


def test_the_new_version_must_be_accepted_again(desk: Desk, clock: FrozenClock, thread_id: str) -> None:
    _accepted(desk, thread_id)
    sent = desk.decide(_reoffered(desk, clock, thread_id, "Could we move it to 17 March, same time?"), "approve")
    assert sent.footer.step == 5 and "replaces version 1, which you accepted" in sent.body_markdown
    assert any(action.name == "accept_offer" for action in sent.actions)
    desk.handle_message(thread_id, "We accept.")
    assert _statuses(desk, thread_id) == ["Superseded", "Accepted"]
    assert desk.event_view(thread_id)["current_step"] == 6


def test_the_hold_does_not_lapse_while_the_new_version_waits_for_the_manager(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    _accepted(desk, thread_id)
    _reoffered(desk, clock, thread_id, "Could we move it to 17 March, same time?")
    assert _expiry(engine, thread_id) == [None]


def test_sending_the_new_version_restarts_the_option_clock_for_seven_days(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    _accepted(desk, thread_id)
    task_id = _reoffered(desk, clock, thread_id, "Could we move it to 17 March, same time?")
    clock.set(clock.now() + timedelta(hours=5))
    sent_at = clock.now()
    desk.decide(task_id, "approve")
    expiry = sent_at + timedelta(days=7)
    assert _expiry(engine, thread_id) == [expiry]
    assert desk.event_view(thread_id)["hold_expires_at"] == expiry.isoformat()


def test_accepting_the_new_version_stops_the_clock_again(desk: Desk, engine: Engine, clock: FrozenClock,
                                                         thread_id: str) -> None:
    _accepted(desk, thread_id)
    desk.decide(_reoffered(desk, clock, thread_id, "Could we move it to 17 March, same time?"), "approve")
    desk.handle_message(thread_id, "We accept.")
    assert _expiry(engine, thread_id) == [None]


def test_the_deposit_follows_the_new_version_when_nothing_was_paid(desk: Desk, clock: FrozenClock,
                                                                   thread_id: str) -> None:
    _accepted(desk, thread_id)
    _reoffered(desk, clock, thread_id, "Sorry, one change: we will be 25 people, not 30.")
    event = desk.event_view(thread_id)
    assert event["offer"]["total"] == 1450.0
    assert event["deposit"]["amount"] == event["offer"]["deposit"]["amount"] == 435.0


def test_a_paid_deposit_stays_paid_and_the_difference_is_noted_for_the_manager(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    _accepted(desk, thread_id)
    desk.handle_message(thread_id, BILLING)
    desk.mark_deposit_paid(thread_id, Decimal("477.00"))
    task_id = _reoffered(desk, clock, thread_id, "Sorry, one change: we will be 25 people, not 30.")
    event = desk.event_view(thread_id)
    assert event["deposit"]["amount"] == 477.0 and event["deposit"]["paid_at"] is not None
    with engine.connect() as connection:
        summary = connection.execute(select(HilTaskRow.summary).where(HilTaskRow.id == task_id)).scalar_one()
    assert "deposit paid CHF 477.00; v2 asks CHF 435.00: CHF 42.00 paid in excess, to refund or credit" in summary
    assert any("deposit paid CHF 477.00" in entry["reason"] for entry in event["audit"])


def test_with_the_deposit_paid_the_re_accepted_version_goes_straight_to_confirmation(
    desk: Desk, clock: FrozenClock, thread_id: str
) -> None:
    _accepted(desk, thread_id)
    desk.handle_message(thread_id, BILLING)
    desk.mark_deposit_paid(thread_id, Decimal("477.00"))
    sent = desk.decide(_reoffered(desk, clock, thread_id, "Sorry, one change: we will be 25 people, not 30."),
                       "approve")
    assert "The deposit of CHF 477.00 you paid" in sent.body_markdown
    waiting = desk.handle_message(thread_id, "We accept the new offer.")
    assert waiting.hil is not None and waiting.hil.type == "confirmation_approval", waiting.body_markdown
    confirmed = desk.decide(waiting.hil.task_id, "approve")
    assert desk.event_view(thread_id)["status"] == "Confirmed"
    assert "CHF 1'450.00" in confirmed.body_markdown


def test_under_offer_auto_the_new_version_sent_at_once_restarts_the_clock_from_that_turn(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    desk.set_autonomy({"offer": "auto"})
    desk.handle_message(thread_id, WITH_LUNCH, sender=SENDER)
    desk.handle_message(thread_id, "We accept the offer.")
    clock.set(clock.now() + timedelta(days=2))
    sent = desk.handle_message(thread_id, "Could we move it to 17 March, same time?")
    assert sent.footer.step == 5 and "replaces version 1, which you accepted" in sent.body_markdown
    assert _statuses(desk, thread_id) == ["Superseded", "Sent"]
    assert desk.event_view(thread_id)["hold_expires_at"] == (clock.now() + timedelta(days=7)).isoformat()
    assert _expiry(engine, thread_id) != [None]
