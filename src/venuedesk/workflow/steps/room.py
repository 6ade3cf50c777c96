"""Step 3: rank rooms for the confirmed date and hold the one the client chose (never another)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from venuedesk.domain import ranking
from venuedesk.tools.booking_models import RoomHoldArgs, RoomHoldResult, RoomOption, RoomReleaseArgs, RoomsSearchArgs
from venuedesk.workflow import freshness, hold_caps, tables, texts
from venuedesk.workflow.steps import calendar_check
from venuedesk.workflow.turn import Turn

HOLDABLE = ("Available", "Unconfirmed")
"""Statuses a client may hold: free, or free as far as the desk can see with a calendar the venue must check."""


def _layout_words(layout: str | None, language: str) -> str:
    if not layout:
        return ""
    return texts.say("layout_words", language, layout=tables.layout_name(layout, language))


def say_no_room_fits(turn: Turn, participants: int, layout: str | None) -> None:
    """Capacity problems are reported as capacity: the largest room for the layout, and the options."""
    seated = layout is None and turn.venue.seats_meal(turn.state.event_type)
    largest = (ranking.largest_capacity(turn.venue, layout, seated=seated)
               or ranking.largest_capacity(turn.venue, None))
    standing_room = ranking.largest_capacity(turn.venue, "standing")
    assert largest is not None
    room, capacity = largest
    standing = standing_room[1] if standing_room else capacity
    seated_layout = room.max_seated_capacity() if seated else None
    shown_layout = layout if layout and layout in room.capacity else (seated_layout or room.max_capacity())[0]
    turn.say(
        "no_room_fits", participants=participants, layout_words=_layout_words(layout, turn.language),
        capacity=capacity, layout=tables.layout_name(shown_layout, turn.language), standing=standing,
    )


ReleaseListener = Callable[[Turn, str, date], None]
RELEASE_LISTENERS: list[ReleaseListener] = []
"""Called with (turn, room_id, day) whenever the turn's event frees a slot: a release, or a hold that moved.
The 2nd-option queue registers here (workflow/second_options.py), so every path that frees a room promotes."""


def on_release(listener: ReleaseListener) -> ReleaseListener:
    """Register `listener` to run after this event frees a room on a day (idempotent per listener)."""
    if listener not in RELEASE_LISTENERS:
        RELEASE_LISTENERS.append(listener)
    return listener


def slot_freed(turn: Turn, held_slot: str | None) -> None:
    """The turn's event no longer claims `held_slot` ("room|date|start|end"): a confirmed booking moved by an
    amendment; the 2nd options waiting for it are promoted at once when nothing else blocks them."""
    _freed(turn, held_slot)


def _freed(turn: Turn, held_slot: str | None) -> None:
    """Tell the listeners that the slot `held_slot` ("room|date|start|end") is free now."""
    if not held_slot:
        return
    room_id, day, *_ = held_slot.split("|")
    if not room_id or day in ("", "None"):
        return
    for listener in RELEASE_LISTENERS:
        listener(turn, room_id, date.fromisoformat(day))


def _slot(turn: Turn, room_id: str) -> str:
    state = turn.state
    return f"{room_id}|{state.chosen_date}|{state.requirements.start_time}|{state.requirements.end_time}"


def _search(turn: Turn) -> list[RoomOption]:
    """The rooms for the event's date, window, guests and layout, with their status as committed right now."""
    state, req = turn.state, turn.state.requirements
    assert state.chosen_date and req.start_time and req.end_time and req.participants
    return list(turn.call(
        "rooms_search",
        RoomsSearchArgs(date=state.chosen_date, participants=req.participants, layout=req.layout,
                        start_time=req.start_time, end_time=req.end_time, special=req.special),
    ).rooms)


def _hold(turn: Turn, option: RoomOption, shown: list[RoomOption]) -> RoomHoldResult | None:
    """Hold the chosen room; the tool's result when held (it names calendars that could not be read), else None.

    A refused hold means another event took the room after `shown` was read (two clients asking at once): `shown`
    is read again in place and the client is told the room's status now (on option, with the 2nd-option choice in
    the table), never the stale "Available" with its button."""
    state = turn.state
    req = state.requirements
    assert state.chosen_date and req.start_time and req.end_time
    result = turn.call(
        "room_hold",
        RoomHoldArgs(room_id=option.room_id, date=state.chosen_date, start_time=req.start_time,
                     end_time=req.end_time),
    )
    if result.status != "held":
        shown[:] = _search(turn)
        now = next((fresh for fresh in shown if fresh.room_id == option.room_id), option)
        _explain_choice(turn, now)
        return None
    record_hold(turn, option.room_id, result.expires_at)
    return result


def record_hold(turn: Turn, room_id: str, expires_at: str | None) -> None:
    """The event now holds `room_id` on option for its date and window (after a `room_hold` that held it); a
    slot it held before and no longer does is announced as freed."""
    state = turn.state
    before, state.held_slot = state.held_slot, _slot(turn, room_id)
    state.locked_room_id = room_id
    state.room_eval_hash = state.requirements_hash
    state.status = "Option"
    state.hold_expires_at = datetime.fromisoformat(expires_at) if expires_at else None
    calendar_check.close_others(turn, room_id, state.chosen_date.isoformat() if state.chosen_date else None)
    if before and before != state.held_slot:
        _freed(turn, before)


def release_hold(turn: Turn) -> None:
    """Release the event's hold (if any) and forget the room: status back to Lead. The first 2nd option waiting
    for the freed slot is promoted at once (the listeners of `on_release`)."""
    _release(turn)


def _release(turn: Turn) -> None:
    state = turn.state
    freed = state.held_slot
    if state.locked_room_id:
        turn.call("room_release", RoomReleaseArgs(room_id=state.locked_room_id))
        freed = freed or f"{state.locked_room_id}|{state.chosen_date}||"
    calendar_check.close_others(turn, None, None)
    state.locked_room_id = None
    state.room_eval_hash = None
    state.held_slot = None
    state.hold_expires_at = None
    state.status = "Lead"
    _freed(turn, freed)


def _explain_choice(turn: Turn, option: RoomOption) -> None:
    req, language = turn.state.requirements, turn.language
    room = turn.venue.room(option.room_id)
    if option.reason == "layout_not_offered":
        turn.say("room_layout", room=_room_name(turn, option.room_id), layout=tables.layout_name(req.layout or "", language))
    elif option.reason == "below_min_guests":
        turn.say("room_min_guests", room=_room_name(turn, option.room_id), min_guests=room.min_guests)
    elif not option.fits:
        turn.say("room_too_small", room=_room_name(turn, option.room_id), capacity=option.capacity,
                 layout_words=_layout_words(req.layout, language), participants=req.participants)
    elif option.status == "Option":
        turn.say("room_on_option", room=_room_name(turn, option.room_id))
    else:
        turn.say("room_booked", room=_room_name(turn, option.room_id))


def run(turn: Turn, choice: str | None = None) -> bool:
    turn.agent = "rooms_agent"
    state, req = turn.state, turn.state.requirements
    if not req.participants:
        turn.say("ask_participants")
        turn.next_key = "participants"
        return False
    assert state.chosen_date and req.start_time and req.end_time
    options = _search(turn)
    choice = choice or req.preferred_room
    if state.locked_room_id and choice in (None, state.locked_room_id):
        if _keep_locked(turn, _by_id(options)[state.locked_room_id], options):
            return True
    by_id = _by_id(options)
    if choice and choice in by_id:
        option = by_id[choice]
        req.preferred_room = None
        if not (option.fits and option.status in HOLDABLE):
            _explain_choice(turn, option)
        elif not hold_caps.may_hold(turn, option):
            return False
        elif (held := _hold(turn, option, options)) is not None:
            turn.say("room_held", room=_room_name(turn, option.room_id), expires=_expiry_text(turn))
            _check_calendars(turn, held)
            turn.leave_step(4, f"room {option.room_id} held")
            return True
    fitting = [option for option in options if option.fits and option.status != "Confirmed"]
    turn.next_key = "room"
    if not fitting:
        if any(option.fits for option in options):
            turn.say("no_room_free")
        else:
            say_no_room_fits(turn, req.participants, req.layout)
            turn.next_key = "clarify"
        return False
    if all(option.status not in HOLDABLE for option in fitting):
        turn.say("no_room_free")
    if any(option.status == "Unconfirmed" for option in fitting):
        turn.say("rooms_unconfirmed")
    turn.say("rooms_table", participants=req.participants, date=texts.long_date(state.chosen_date, turn.language),
             start=req.start_time, end=req.end_time)
    turn.tables.append(tables.rooms_table(fitting, turn.venue, turn.language, requested=len(req.special),
                                          ref=freshness.issue(turn, "rooms")))
    return False


def _by_id(options: list[RoomOption]) -> dict[str, RoomOption]:
    return {option.room_id: option for option in options}


def _keep_locked(turn: Turn, option: RoomOption, shown: list[RoomOption]) -> bool:
    """After a detour: keep (or move) the held room when it still fits and is free, else release it (`shown` is
    read again when the move lost the room to another event)."""
    state = turn.state
    if option.fits and option.status in HOLDABLE:
        moved = state.held_slot != _slot(turn, option.room_id)
        held = _hold(turn, option, shown) if moved else None
        if moved and held is None:
            _release(turn)
            return False
        state.room_eval_hash = state.requirements_hash
        if moved and state.chosen_date:
            turn.say("room_moved", room=_room_name(turn, option.room_id), date=texts.long_date(state.chosen_date, turn.language))
        else:
            turn.say("room_kept", room=_room_name(turn, option.room_id))
        if held is not None:
            _check_calendars(turn, held)
        turn.leave_step(4, f"room {option.room_id} re-checked")
        return True
    if not option.fits:
        turn.say("room_released", room=_room_name(turn, option.room_id))
    else:
        assert state.chosen_date
        turn.say("room_taken_new_date", room=_room_name(turn, option.room_id), date=texts.long_date(state.chosen_date, turn.language))
    _explain_choice(turn, option)
    _release(turn)
    return False


def _check_calendars(turn: Turn, held: RoomHoldResult) -> None:
    """A hold placed while a calendar of the room could not be read opens the venue's calendar check."""
    if held.unconfirmed:
        calendar_check.open_check(turn, held.room_id, held.unconfirmed)


def _expiry_text(turn: Turn) -> str:
    expires = turn.state.hold_expires_at
    return texts.long_date(expires.date(), turn.language) if expires else ""


def _room_name(turn: Turn, room_id: str) -> str:
    """The room's name in the client's language."""
    return turn.venue.room(room_id).label(turn.language)
