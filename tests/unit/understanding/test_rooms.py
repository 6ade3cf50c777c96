"""Rooms by name and synonyms, chosen or rejected."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Room B", ["room-b"]),
        ("room b please", ["room-b"]),
        ("Raum B", ["room-b"]),
        ("Saal B", ["room-b"]),
        ("Room A or Room C", ["room-a", "room-c"]),
        ("We'd take room a", ["room-a"]),
    ],
)
def test_reads_rooms_by_name(read, text, expected):
    assert read(text).rooms == expected


@pytest.mark.parametrize(
    ("text", "rooms", "rejected"),
    [
        ("not Room A", [], ["room-a"]),
        ("nicht Raum A", [], ["room-a"]),
        ("Room B, not Room A", ["room-b"], ["room-a"]),
        ("Room C instead of Room A", ["room-c"], ["room-a"]),
        ("Raum A ist zu klein, lieber Raum C", ["room-c"], ["room-a"]),
    ],
)
def test_negated_room_is_rejected(read, text, rooms, rejected):
    result = read(text)
    assert (result.rooms, result.rooms_rejected) == (rooms, rejected)


@pytest.mark.parametrize("text", ["We need a room a few weeks from now", "book a room a.s.a.p"])
def test_article_a_after_room_is_not_room_a(read, text):
    assert read(text).rooms == []


def test_room_in_a_question_is_named_but_not_chosen(read):
    result = read("Is Room B free?")
    assert result.rooms == ["room-b"]
    assert "room_choice" not in result.intents


def test_room_named_positively_is_a_choice(read):
    assert "room_choice" in read("Room B please").intents
