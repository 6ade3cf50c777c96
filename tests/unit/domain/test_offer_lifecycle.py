"""The offer and event lifecycles (docs/design.md §4.3, §4.13): allowed transitions, and clear refusals."""

from __future__ import annotations

import pytest

from venuedesk.domain.offer_lifecycle import (
    EVENT_TRANSITIONS,
    OFFER_TRANSITIONS,
    TransitionError,
    can_event_move,
    can_offer_move,
    event_transition,
    is_final_event,
    is_final_offer,
    offer_transition,
)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("Draft", "Sent"),
        ("Draft", "Superseded"),
        ("Sent", "Accepted"),
        ("Sent", "Declined"),
        ("Sent", "Superseded"),
        ("Accepted", "Superseded"),  # a change after acceptance (before confirmation) makes a new version
    ],
)
def test_allowed_offer_transitions(current, target):
    assert offer_transition(current, target) == target
    assert can_offer_move(current, target)


@pytest.mark.parametrize(
    ("current", "target", "code"),
    [
        ("Draft", "Accepted", "not_allowed"),  # a client never sees a draft
        ("Draft", "Declined", "not_allowed"),
        ("Sent", "Draft", "not_allowed"),
        ("Accepted", "Declined", "not_allowed"),  # an accepted offer is cancelled, not declined
        ("Declined", "Accepted", "final"),
        ("Superseded", "Accepted", "final"),  # accepting a superseded offer is refused
        ("Sent", "Sent", "unchanged"),
        ("Accepted", "Accepted", "unchanged"),
    ],
)
def test_illegal_offer_transitions_are_refused_with_a_code(current, target, code):
    with pytest.raises(TransitionError) as caught:
        offer_transition(current, target)
    assert caught.value.code == code
    assert not can_offer_move(current, target)


def test_refusal_message_names_the_status_the_target_and_what_is_allowed():
    with pytest.raises(TransitionError, match=r"the offer is Draft; it cannot become Accepted \(allowed from "
                       r"Draft: Sent, Superseded\)"):
        offer_transition("Draft", "Accepted")


def test_final_refusal_message_says_the_status_is_final():
    with pytest.raises(TransitionError, match="the event is Lost, which is final; it cannot become Option"):
        event_transition("Lost", "Option")


def test_repeated_status_is_refused_as_unchanged():
    with pytest.raises(TransitionError, match="the event is already Confirmed; nothing to change"):
        event_transition("Confirmed", "Confirmed")


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("Lead", "Option"),  # a room is held
        ("Lead", "Lost"),  # declined or cancelled before any hold
        ("Option", "Lead"),  # the hold lapsed or was released
        ("Option", "Confirmed"),
        ("Option", "Lost"),  # declined, or cancelled before confirmation
        ("Confirmed", "Cancelled"),
    ],
)
def test_allowed_event_transitions(current, target):
    assert event_transition(current, target) == target
    assert can_event_move(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("Lead", "Confirmed"),  # no confirmation without a held room
        ("Lead", "Cancelled"),  # only a confirmed booking is cancelled; before that it is Lost
        ("Option", "Cancelled"),
        ("Confirmed", "Lost"),
        ("Confirmed", "Lead"),  # a confirmed booking no longer expires
        ("Cancelled", "Confirmed"),
        ("Lost", "Lead"),  # a later message opens a new inquiry, a new event
    ],
)
def test_illegal_event_transitions_are_refused(current, target):
    with pytest.raises(TransitionError):
        event_transition(current, target)
    assert not can_event_move(current, target)


def test_final_statuses():
    assert [status for status in OFFER_TRANSITIONS if is_final_offer(status)] == ["Declined", "Superseded"]
    assert [status for status in EVENT_TRANSITIONS if is_final_event(status)] == ["Cancelled", "Lost"]


def test_the_tables_cover_every_status_of_the_event_model():
    from typing import get_args

    from venuedesk.domain.event import EventStatus, OfferStatus

    assert set(OFFER_TRANSITIONS) == set(get_args(OfferStatus))
    assert set(EVENT_TRANSITIONS) == set(get_args(EventStatus))
