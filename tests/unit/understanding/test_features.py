"""Room features the client asks for, from the catalogue's room features; not when only asked about."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Workshop for 30 with daylight and a stage please", ["daylight", "stage"]),
        ("We need video conferencing and a whiteboard.", ["video conferencing", "whiteboard"]),
        ("A room with a bar area and a breakout corner", ["bar area", "breakout corner"]),
        ("We need a small stage", ["small stage"]),
    ],
)
def test_features_requested_are_found(read, text, expected):
    assert read(text).features == expected


@pytest.mark.parametrize("text", ["Does Room B have daylight?", "Is there a stage in Room E?", "30 people in March"])
def test_no_feature_when_only_asked_or_absent(read, text):
    assert read(text).features == []
