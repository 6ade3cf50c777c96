"""Room fit and ranking per docs/venue.md: available first, smallest sufficient capacity, features, id."""

from __future__ import annotations

from dataclasses import replace

import pytest

from venuedesk.domain.ranking import largest_capacity, make_candidate, matched_features, rank_rooms, room_fits


@pytest.mark.parametrize(
    ("room_id", "participants", "layout", "fits", "reason"),
    [
        ("room-b", 30, "workshop", True, None),
        ("room-b", 33, "workshop", False, "too_small"),
        ("room-b", 30, "banquet", False, "layout_not_offered"),
        ("room-b", 15, "theatre", False, "below_min_guests"),
        ("room-b", 60, "theatre", True, None),
        ("room-e", 150, None, True, None),  # any layout → the largest (standing 150)
        ("room-e", 151, None, False, "too_small"),
    ],
)
def test_room_fits(venue, room_id, participants, layout, fits, reason):
    result = room_fits(venue.room(room_id), participants, layout)
    assert (result.fits, result.reason) == (fits, reason)


def test_any_layout_uses_the_largest(venue):
    result = room_fits(venue.room("room-c"), 90, None)
    assert (result.layout, result.capacity) == ("standing", 100)


def _ranked(venue, participants, layout, statuses=None, special=()):
    statuses = statuses or {}
    candidates = [
        make_candidate(room, statuses.get(room.id, "Available"), participants, layout, special)
        for room in venue.rooms
    ]
    return [candidate.room.id for candidate in rank_rooms(candidates)]


def test_smallest_sufficient_capacity_first(venue):
    # workshop for 30: A 28 (too small), B 32, C 40 (min 30 ok), D 22, E none, F 30
    assert _ranked(venue, 30, "workshop") == ["room-f", "room-b", "room-c"]


def test_available_before_option_held(venue):
    assert _ranked(venue, 30, "workshop", {"room-f": "Option"}) == ["room-b", "room-c", "room-f"]


def test_confirmed_rooms_are_left_out(venue):
    assert _ranked(venue, 30, "workshop", {"room-b": "Confirmed"}) == ["room-f", "room-c"]


def test_capacity_decides_before_features(venue):
    # u_shape for 20: F 20, A 22, B 26 → capacity order even though only B has video conferencing.
    assert _ranked(venue, 20, "u_shape", special=["video conferencing"]) == ["room-f", "room-a", "room-b"]


def _with_capacity(candidate, capacity):
    return replace(candidate, fit=replace(candidate.fit, capacity=capacity))


def test_more_features_matched_wins_a_capacity_tie(venue):
    wanted = ["parking access"]
    room_a = make_candidate(venue.room("room-a"), "Available", 12, "u_shape", wanted)
    room_f = _with_capacity(make_candidate(venue.room("room-f"), "Available", 12, "u_shape", wanted), 22)
    assert [c.room.id for c in rank_rooms([room_a, room_f])] == ["room-f", "room-a"]


def test_id_breaks_a_full_tie(venue):
    room_f = _with_capacity(make_candidate(venue.room("room-f"), "Available", 12, "u_shape"), 22)
    room_a = make_candidate(venue.room("room-a"), "Available", 12, "u_shape")
    assert [c.room.id for c in rank_rooms([room_f, room_a])] == ["room-a", "room-f"]


def test_feature_matching_is_loose(venue):
    assert matched_features(venue.room("room-b"), ["Wireless mics", "stage"]) == ("Wireless mics",)


@pytest.mark.parametrize(
    ("layout", "room_id", "capacity"),
    [
        ("theatre", "room-e", 120),
        ("boardroom", "room-a", 18),
        ("workshop", "room-c", 40),
        (None, "room-e", 150),
    ],
)
def test_largest_capacity(venue, layout, room_id, capacity):
    room, most = largest_capacity(venue, layout)
    assert (room.id, most) == (room_id, capacity)


def test_a_seated_fit_never_uses_the_standing_layout(venue):
    result = room_fits(venue.room("room-c"), 90, None, seated=True)
    assert (result.fits, result.reason, result.layout, result.capacity) == (False, "too_small", "theatre", 80)


def test_a_seated_fit_keeps_a_small_room_without_banquet_layout(venue):
    result = room_fits(venue.room("room-a"), 12, None, seated=True)
    assert (result.fits, result.layout) == (True, "theatre")


def test_a_standing_only_room_offers_no_seated_layout(venue):
    standing_only = replace(venue.room("room-c"), capacity={"standing": 100})
    assert room_fits(standing_only, 40, None, seated=True).reason == "layout_not_offered"


def test_largest_seated_capacity_skips_standing(venue):
    room, capacity = largest_capacity(venue, None, seated=True)
    assert (room.id, capacity) == ("room-e", 120)


def test_a_meal_occasion_without_a_layout_seats_its_guests(venue):
    assert (venue.seats_meal("lunch_meeting"), venue.seats_meal("bbq")) == (True, True)


def test_an_occasion_with_its_own_layout_is_not_placed_by_the_seated_rule(venue):
    assert (venue.seats_meal("apero"), venue.seats_meal("dinner"), venue.seats_meal("conference")) == (
        False, False, False)
