"""How a 2nd option's place in line and a hold's expiry are stated (docs/design.md §4.13)."""

from __future__ import annotations

from datetime import datetime

import pytest

from venuedesk.clock import VENUE_TZ
from venuedesk.workflow.second_options import moment_words, position


@pytest.mark.parametrize(("rank", "words"), [(2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (21, "21st")])
def test_an_english_place_in_line_is_an_ordinal(rank: int, words: str) -> None:
    assert position(rank, "en") == words


def test_a_german_place_in_line_is_a_number_with_a_full_stop() -> None:
    assert position(2, "de") == "2."


def test_an_expiry_is_stated_as_a_long_date_and_a_time() -> None:
    moment = datetime(2026, 2, 9, 9, 0, tzinfo=VENUE_TZ)
    assert moment_words(moment, "de") == {"expires_date": "Montag, 9. Februar 2026", "expires_time": "09:00"}
