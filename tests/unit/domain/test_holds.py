"""Option holds and ranked options (docs/design.md §4.13): expiry to the minute across DST, the 48 h
warning once, promotion of the 2nd option with its own 7 days, and nothing due twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, UTC
from zoneinfo import ZoneInfo

import pytest

from venuedesk.domain.holds import Hold, HoldAction, due_hold_actions, hold_schedule, option_rank

ZURICH = ZoneInfo("Europe/Zurich")
DAY = date(2026, 3, 10)
PLACED = datetime(2026, 2, 2, 9, 0, tzinfo=ZURICH)
EXPIRES = datetime(2026, 2, 9, 9, 0, tzinfo=ZURICH)
WARNING = datetime(2026, 2, 7, 9, 0, tzinfo=ZURICH)
MINUTE = timedelta(minutes=1)


def hold(venue, hold_id="h1", event_id="evt-1", *, state="held", placed_at=PLACED, queued_at=None,
         room_id="room-b", day=DAY, start=time(9), end=time(17), warning_sent_at=None):
    return Hold.for_window(
        venue.room(room_id), day, start, end, hold_id=hold_id, event_id=event_id, state=state,
        queued_at=queued_at or placed_at or PLACED, placed_at=None if state == "waiting" else placed_at,
        warning_sent_at=warning_sent_at,
    )


def second_option(venue, hold_id="h2", event_id="evt-2", queued_at=PLACED + timedelta(days=1), **kwargs):
    return hold(venue, hold_id, event_id, state="waiting", placed_at=None, queued_at=queued_at, **kwargs)


def kinds(actions: list[HoldAction]) -> list[tuple[str, str]]:
    return [(action.kind, action.hold_id) for action in actions]


# --- the schedule -----------------------------------------------------------------------------------


def test_a_hold_lapses_7_days_later_and_is_warned_48_hours_before(policies):
    schedule = hold_schedule(PLACED, policies)
    assert (schedule.expires_at, schedule.warning_at) == (EXPIRES, WARNING)


def test_the_expiry_is_exact_to_the_minute(policies):
    placed = datetime(2026, 2, 2, 9, 17, tzinfo=ZURICH)
    assert hold_schedule(placed, policies).expires_at == datetime(2026, 2, 9, 9, 17, tzinfo=ZURICH)


def test_a_hold_placed_before_the_october_dst_change_lapses_at_09_00_wall_clock(policies):
    placed = datetime(2026, 10, 19, 10, 0, tzinfo=ZURICH)  # CEST; clocks go back on 25.10.
    schedule = hold_schedule(placed, policies)
    assert schedule.expires_at == datetime(2026, 10, 26, 9, 0, tzinfo=ZURICH)  # CET
    assert schedule.expires_at.utcoffset() == timedelta(hours=1)
    real_hours = schedule.expires_at.astimezone(UTC) - placed.astimezone(UTC)
    assert real_hours == timedelta(hours=168)


def test_the_warning_before_the_october_change_is_48_real_hours_before_the_expiry(policies):
    schedule = hold_schedule(datetime(2026, 10, 19, 10, 0, tzinfo=ZURICH), policies)
    assert schedule.warning_at == datetime(2026, 10, 24, 10, 0, tzinfo=ZURICH)  # still CEST
    assert schedule.expires_at.astimezone(UTC) - schedule.warning_at.astimezone(UTC) == (
        timedelta(hours=48)
    )


def test_a_hold_placed_before_the_march_dst_change_lapses_at_11_00_wall_clock(policies):
    placed = datetime(2026, 3, 25, 10, 0, tzinfo=ZURICH)  # CET; clocks go forward on 29.03.
    schedule = hold_schedule(placed, policies)
    assert schedule.expires_at == datetime(2026, 4, 1, 11, 0, tzinfo=ZURICH)  # CEST
    assert schedule.warning_at == datetime(2026, 3, 30, 11, 0, tzinfo=ZURICH)


def test_a_naive_placed_at_is_refused(policies):
    with pytest.raises(ValueError, match="has no time zone"):
        hold_schedule(datetime(2026, 2, 2, 9, 0), policies)


# --- warnings and expiry ----------------------------------------------------------------------------


def test_nothing_is_due_before_the_warning(venue, policies):
    assert due_hold_actions([hold(venue)], WARNING - MINUTE, policies) == []


def test_the_warning_is_due_at_expiry_minus_48_hours(venue, policies):
    actions = due_hold_actions([hold(venue)], WARNING, policies)
    assert kinds(actions) == [("warn", "h1")]
    assert (actions[0].due_at, actions[0].expires_at) == (WARNING, EXPIRES)
    assert (actions[0].room_id, actions[0].day, actions[0].start, actions[0].end) == (
        "room-b", DAY, time(9), time(17)
    )


def test_a_sent_warning_is_not_due_again(venue, policies):
    warned = hold(venue, warning_sent_at=WARNING)
    assert due_hold_actions([warned], WARNING + timedelta(hours=1), policies) == []


def test_the_hold_expires_at_its_expiry_to_the_minute(venue, policies):
    warned = hold(venue, warning_sent_at=WARNING)
    assert due_hold_actions([warned], EXPIRES - MINUTE, policies) == []
    actions = due_hold_actions([warned], EXPIRES, policies)
    assert kinds(actions) == [("expire", "h1")]
    assert actions[0].due_at == EXPIRES


def test_a_hold_past_its_expiry_is_expired_without_a_late_warning(venue, policies):
    late = EXPIRES + timedelta(hours=3)
    assert kinds(due_hold_actions([hold(venue)], late, policies)) == [("expire", "h1")]


@pytest.mark.parametrize("state", ["accepted", "confirmed", "released"])
def test_accepted_confirmed_and_released_holds_are_never_warned_or_expired(venue, policies, state):
    assert due_hold_actions([hold(venue, state=state)], EXPIRES + timedelta(days=30), policies) == []


def test_a_naive_now_is_refused(venue, policies):
    with pytest.raises(ValueError, match="has no time zone"):
        due_hold_actions([hold(venue)], datetime(2026, 2, 9, 9, 0), policies)


# --- ranked options and promotion -------------------------------------------------------------------


def test_the_2nd_option_is_promoted_when_the_1st_lapses_with_its_own_7_days(venue, policies):
    now = EXPIRES + timedelta(minutes=5)  # the job runs a little late
    actions = due_hold_actions([hold(venue, warning_sent_at=WARNING), second_option(venue)], now, policies)
    assert kinds(actions) == [("expire", "h1"), ("promote", "h2")]
    promote = actions[1]
    assert (promote.event_id, promote.due_at) == ("evt-2", now)
    assert promote.expires_at == datetime(2026, 2, 16, 9, 5, tzinfo=ZURICH)  # 7 × 24 h from the promotion


def test_the_2nd_option_is_promoted_at_once_when_the_1st_is_released(venue, policies):
    now = PLACED + timedelta(days=2)  # the 1st was declined or cancelled: released before its expiry
    released = hold(venue, state="released")
    assert kinds(due_hold_actions([released, second_option(venue)], now, policies)) == [("promote", "h2")]


@pytest.mark.parametrize("state", ["held", "accepted", "confirmed"])
def test_the_2nd_option_waits_while_the_1st_still_holds_the_room(venue, policies, state):
    now = PLACED + timedelta(days=3)
    assert due_hold_actions([hold(venue, state=state), second_option(venue)], now, policies) == []


def test_only_the_earliest_queued_option_is_promoted(venue, policies):
    third = second_option(venue, "h3", "evt-3", queued_at=PLACED + timedelta(days=2))
    second = second_option(venue)
    holds = [third, hold(venue, state="released"), second]
    actions = due_hold_actions(holds, PLACED + timedelta(days=3), policies)
    assert kinds(actions) == [("promote", "h2")]


def test_an_option_on_a_window_that_does_not_overlap_is_not_blocked(venue, policies):
    # Room B's buffers are 30 min: 09:00-12:00 blocks until 12:30, 13:00-17:00 from 12:30: they touch only.
    morning = hold(venue, start=time(9), end=time(12))
    afternoon = second_option(venue, start=time(13), end=time(17))
    assert kinds(due_hold_actions([morning, afternoon], PLACED + timedelta(days=1), policies)) == [
        ("promote", "h2")
    ]


def test_an_option_in_another_room_is_not_blocked(venue, policies):
    other_room = second_option(venue, room_id="room-c")
    assert kinds(due_hold_actions([hold(venue), other_room], PLACED + timedelta(days=1), policies)) == [
        ("promote", "h2")
    ]


def test_a_hold_past_midnight_blocks_an_option_early_the_next_day(venue):
    late = hold(venue, start=time(20), end=time(2))  # blocks until 02:30 on 11.03.
    early = second_option(venue, day=DAY + timedelta(days=1), start=time(2), end=time(4))
    assert late.overlaps(early) and early.overlaps(late)


def test_applying_the_due_actions_leaves_nothing_due(venue, policies):
    third = second_option(venue, "h3", "evt-3", queued_at=PLACED + timedelta(days=2))
    holds = {h.hold_id: h for h in [hold(venue), second_option(venue), third]}
    now = EXPIRES
    for action in due_hold_actions(holds.values(), now, policies):
        current = holds[action.hold_id]
        if action.kind == "expire":
            holds[action.hold_id] = replace(current, state="released")
        elif action.kind == "promote":
            holds[action.hold_id] = replace(current, state="held", placed_at=now)
        else:
            holds[action.hold_id] = replace(current, warning_sent_at=now)
    assert due_hold_actions(holds.values(), now, policies) == []
    assert option_rank(holds["h3"], holds.values()) == 2  # now 2nd behind the promoted hold


def test_ranks_are_1_for_the_holder_then_queue_order(venue):
    first, second = hold(venue), second_option(venue)
    third = second_option(venue, "h3", "evt-3", queued_at=PLACED + timedelta(days=2))
    everything = [third, first, second]
    assert [option_rank(h, everything) for h in (first, second, third)] == [1, 2, 3]


def test_action_keys_are_stable_per_placement_and_once_per_promotion(venue, policies):
    warn = due_hold_actions([hold(venue)], WARNING, policies)[0]
    assert warn.key == "hold-warn:h1:20260209T080000Z"
    promote_a = due_hold_actions([second_option(venue)], WARNING, policies)[0]
    promote_b = due_hold_actions([second_option(venue)], WARNING + MINUTE, policies)[0]
    assert promote_a.key == promote_b.key == "hold-promote:h2"


def test_a_hold_needs_its_placed_at(venue):
    with pytest.raises(ValueError, match="needs placed_at"):
        hold(venue, placed_at=None, queued_at=PLACED)


def test_a_running_hold_is_an_option_booking_with_its_expiry(venue, policies):
    booking = hold(venue).as_booking(policies)
    assert (booking.status, booking.expires_at, booking.start_min, booking.end_min) == (
        "Option", EXPIRES, 8 * 60 + 30, 17 * 60 + 30
    )
