"""Short answers picking an option the desk last showed (docs/understanding.md "Short answers")."""

from __future__ import annotations

from datetime import date

from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
from venuedesk.understanding import understand
from venuedesk.understanding.choices import LAST, find_pick
from venuedesk.understanding.context import MessageContext, message_context

TODAY = date(2026, 2, 2)
DATES = MessageContext(asked=("date",), dates_shown=(date(2026, 6, 9), date(2026, 6, 16), date(2026, 6, 23)))
ROOMS = MessageContext(asked=("room",), rooms_shown=("room-c", "room-b", "room-e"))


def test_an_ordinal_with_one_picks_that_position() -> None:
    assert find_pick("the second one please").position == 2  # type: ignore[union-attr]


def test_a_german_ordinal_with_its_ending_picks_that_position() -> None:
    assert find_pick("den dritten Termin bitte").position == 3  # type: ignore[union-attr]


def test_the_last_is_its_own_position() -> None:
    assert find_pick("die letzte Option").position == LAST  # type: ignore[union-attr]


def test_a_numbered_option_picks_that_number() -> None:
    assert find_pick("Option 3 for everyone").position == 3  # type: ignore[union-attr]


def test_a_noun_after_the_ordinal_names_the_kind_of_option() -> None:
    assert find_pick("the first room").kind == "room"  # type: ignore[union-attr]


def test_first_of_all_picks_nothing() -> None:
    assert find_pick("First of all, thank you for the quick answer.") is None


def test_a_bare_day_ordinal_is_a_date_not_a_pick() -> None:
    assert find_pick("the 2nd works") is None


def test_the_second_one_after_a_date_list_is_the_second_date(venue: Venue) -> None:
    reading = understand("the second one", venue, TODAY, context=DATES)
    assert (reading.dates, reading.choice) == ([date(2026, 6, 16)], 2)


def test_die_erste_after_a_room_table_is_the_first_room_chosen(venue: Venue) -> None:
    reading = understand("die erste", venue, TODAY, context=ROOMS)
    assert reading.rooms == ["room-c"] and reading.has("room_choice")


def test_the_cheaper_one_is_the_room_with_the_lower_rate(venue: Venue) -> None:
    assert understand("the cheaper one", venue, TODAY, context=ROOMS).rooms == ["room-b"]


def test_the_cheaper_one_resolved_gives_its_position_on_the_list(venue: Venue) -> None:
    reading = understand("the cheaper one", venue, TODAY, context=ROOMS)
    assert (reading.choice, reading.choice_cheapest) == (2, True)


def test_the_cheaper_one_among_dates_resolves_nothing_but_keeps_a_pick_by_price(venue: Venue) -> None:
    reading = understand("die günstigere bitte", venue, TODAY, context=DATES)
    assert (reading.dates, reading.choice, reading.choice_cheapest) == ([], None, True)


def test_a_pick_by_position_is_not_a_pick_by_price(venue: Venue) -> None:
    assert understand("the second one", venue, TODAY, context=ROOMS).choice_cheapest is False


def test_a_position_beyond_the_list_resolves_to_nothing_but_keeps_the_pick(venue: Venue) -> None:
    reading = understand("the fifth one", venue, TODAY, context=DATES)
    assert (reading.dates, reading.choice) == ([], 5)


def test_a_bare_yes_to_one_date_takes_it(venue: Venue) -> None:
    one = MessageContext(asked=("date",), dates_shown=(date(2026, 4, 14),))
    assert understand("yes", venue, TODAY, context=one).dates == [date(2026, 4, 14)]


def test_a_bare_yes_to_several_dates_takes_none(venue: Venue) -> None:
    assert understand("ok", venue, TODAY, context=DATES).dates == []


def test_a_named_date_wins_over_a_pick(venue: Venue) -> None:
    assert understand("the first one, i.e. 23 June", venue, TODAY, context=DATES).dates == [date(2026, 6, 23)]


def test_message_context_carries_what_the_last_reply_showed_and_asked() -> None:
    state = EventState(event_id="e", thread_id="t", current_step=3, proposed_dates=[date(2026, 6, 9)],
                       last_shown_rooms=["room-b"], last_asked=["room"])
    context = message_context(state)
    assert (context.asked, context.dates_shown, context.rooms_shown) == (("room",), (date(2026, 6, 9),), ("room-b",))


def test_a_state_saved_with_the_old_last_prompt_still_loads_and_keeps_what_it_asked() -> None:
    stored = {"event_id": "e", "thread_id": "t", "current_step": 3, "last_prompt": "room", "last_asked": []}
    state = EventState.model_validate(stored)
    assert (state.last_asked, message_context(state).asked) == (["room"], ("room",))


def test_the_old_last_prompt_adds_nothing_last_asked_already_holds() -> None:
    stored = {"event_id": "e", "thread_id": "t", "last_prompt": "answer_offer", "last_asked": ["offer"]}
    assert EventState.model_validate(stored).last_asked == ["offer"]


def test_a_list_shown_at_an_earlier_step_is_no_option_later() -> None:
    state = EventState(event_id="e", thread_id="t", current_step=5, last_shown_rooms=["room-b"],
                       last_shown_products=["lunch"], last_asked=["offer"])
    context = message_context(state)
    assert (context.rooms_shown, context.products_shown) == ((), ())


ONE_ROOM = MessageContext(asked=("room",), rooms_shown=("room-c",))


def test_that_one_after_a_single_room_picks_it(venue: Venue) -> None:
    reading = understand("Yes please, go ahead with that one.", venue, TODAY, context=ONE_ROOM)
    assert reading.rooms == ["room-c"] and reading.choice == 1


def test_nehmen_wir_den_after_a_single_room_picks_it(venue: Venue) -> None:
    assert understand("Gut, dann nehmen wir den.", venue, TODAY, context=ONE_ROOM).rooms == ["room-c"]


def test_this_date_after_a_single_date_picks_it(venue: Venue) -> None:
    context = MessageContext(asked=("date",), dates_shown=(date(2026, 9, 24),))
    assert understand("Dieser Termin passt uns.", venue, TODAY, context=context).dates == [date(2026, 9, 24)]


def test_that_one_after_several_rooms_picks_none(venue: Venue) -> None:
    reading = understand("That one works for us.", venue, TODAY, context=ROOMS)
    assert reading.rooms == [] and reading.choice is None


def test_not_that_one_picks_nothing() -> None:
    assert find_pick("not that one, please") is None
