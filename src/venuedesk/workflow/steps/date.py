"""Step 2: confirm one available date with a time window, or propose free dates."""

from __future__ import annotations

from datetime import date, timedelta

from venuedesk.domain import calendar
from venuedesk.domain.event import DateRequest
from venuedesk.tools.booking_models import DateCheck, DatesCheckArgs, DatesProposeArgs
from venuedesk.workflow import freshness, tables, texts
from venuedesk.workflow.turn import Turn

MAX_PROPOSALS = 5
BOOKABLE = ("available", "unconfirmed")
"""Date statuses the client may take: free, or free only in rooms whose calendar the venue must still check."""


def _window(turn: Turn) -> tuple[str, str] | None:
    req = turn.state.requirements
    return (req.start_time, req.end_time) if req.start_time and req.end_time else None


def _check_window(turn: Turn) -> tuple[str, str]:
    """The window to check dates for: the client's, else the one we suggested, else the venue's default."""
    start, end = turn.venue.policies.default_window
    return _window(turn) or turn.state.suggested_window or (start.strftime("%H:%M"), end.strftime("%H:%M"))


def run(turn: Turn) -> bool:
    turn.agent = "dates_agent"
    state = turn.state
    if state.pending_date:
        return _confirm(turn, state.pending_date)
    if state.date_request:
        _propose(turn, state.date_request, intro=True)
        return False
    turn.say("ask_date")
    _propose(turn, DateRequest(), intro=False)
    return False


def _confirm(turn: Turn, day: date) -> bool:
    state, req = turn.state, turn.state.requirements
    start, end = _check_window(turn)
    check: DateCheck = turn.call(
        "dates_check",
        DatesCheckArgs(dates=[day], start_time=start, end_time=end, participants=req.participants,
                       layout=req.layout),
    ).results[0]
    if check.status not in BOOKABLE:
        if check.status != "no_room_fits":
            state.pending_date = None
        _explain(turn, check)
        return False
    taken = _window(turn) is None  # the client did not state the window: the reply says which one it took
    if taken:
        if not state.window_asked:
            state.window_asked = True
            turn.say("ask_window", date=texts.long_date(day, turn.language), start=start, end=end)
            turn.actions.append(tables.default_window_action(turn.language, freshness.issue(turn, "window"),
                                                             start, end))
            turn.next_key = "window"
            return False
        req.start_time, req.end_time = start, end
        state.refresh_hash()
    state.suggested_window = None
    state.chosen_date = day
    state.date_confirmed = True
    state.pending_date = None
    state.proposed_dates = []
    turn.say("date_confirmed", date=texts.long_date(day, turn.language), start=req.start_time, end=req.end_time)
    if taken:
        turn.say("window_taken", start=req.start_time, end=req.end_time)
    if check.status == "unconfirmed":
        turn.say("date_unconfirmed")
    turn.leave_step(3, "date confirmed")
    return True


def _explain(turn: Turn, check: DateCheck) -> None:
    """Say exactly why a date does not work, then offer nearby free dates."""
    policies, language = turn.venue.policies, turn.language
    first, last = calendar.bookable_range(turn.now.date(), policies)
    day_text = texts.long_date(check.date, language)
    req = turn.state.requirements
    if check.status == "past":
        turn.say("date_past", date=day_text)
    elif check.status == "too_soon":
        turn.body.append(texts.say_n("date_too_soon", policies.lead_days, language, date=day_text,
                                     lead=policies.lead_days, first=texts.long_date(first, language)))
    elif check.status == "too_late":
        turn.say("date_too_late", date=day_text, last=texts.long_date(last, language))
    elif check.status == "closed":
        turn.say("date_closed", date=day_text, reason=check.reason or "")
    elif check.status == "no_room_fits":
        from venuedesk.workflow.steps.room import say_no_room_fits

        say_no_room_fits(turn, req.participants or 0, req.layout)
        turn.next_key = "clarify"
        return
    else:
        turn.say("date_fully_booked", date=day_text)
    if check.status == "too_late":
        turn.next_key = "date"
        return
    anchor = first if check.date <= first + timedelta(days=3) else check.date - timedelta(days=3)
    request = turn.state.date_request or DateRequest()
    nearby = DateRequest(weekdays=request.weekdays, first=anchor)
    turn.body.append(texts.say("alternatives", language))
    _propose(turn, nearby, intro=False)


def _propose_named(turn: Turn, request: DateRequest) -> bool:
    """The days the client named as alternatives that are free, as a table; False when none is."""
    req, state = turn.state.requirements, turn.state
    start, end = _check_window(turn)
    checks = turn.call(
        "dates_check",
        DatesCheckArgs(dates=request.days, start_time=start, end_time=end, participants=req.participants,
                       layout=req.layout),
    ).results
    free = [check.date for check in checks if check.status == "available"]
    turn.next_key = "date"
    if not free:
        turn.say("named_dates_taken")
        return False
    state.proposed_dates = free
    turn.say("proposed_named_dates")
    turn.tables.append(tables.dates_table(free, turn.language, freshness.issue(turn, "dates")))
    return True


def _propose(turn: Turn, request: DateRequest, *, intro: bool) -> None:
    """Up to five free dates for the request, as a table with `select_date` actions; days the client named are
    checked as named, and when none is free the next free dates from the first of them are proposed."""
    if request.days:
        if _propose_named(turn, request):
            return
        request, intro = DateRequest(first=request.first), False
    req, state = turn.state.requirements, turn.state
    start, end = _check_window(turn)
    first, _last = calendar.bookable_range(turn.now.date(), turn.venue.policies)
    result = turn.call(
        "dates_propose",
        DatesProposeArgs(
            after=max(request.first or first, first), before=request.last, count=MAX_PROPOSALS,
            weekdays=request.weekdays, months=request.months, start_time=start, end_time=end,
            participants=req.participants, layout=req.layout,
        ),
    )
    state.proposed_dates = list(result.dates)
    turn.next_key = "date"
    description = describe_request(request, turn.language)
    if not result.dates:
        turn.say("no_dates_found", request=description)
        return
    if intro:
        turn.say("proposed_dates", request=description)
    turn.tables.append(tables.dates_table(result.dates, turn.language, freshness.issue(turn, "dates")))


def describe_request(request: DateRequest, language: str) -> str:
    """`Tuesdays in March` / `Dienstage im März`, or the span, for the proposal sentence (plural weekday names
    come from the catalogue's plural forms)."""
    months = " / ".join(texts.month_name(month, language) for month in request.months)
    days = " / ".join(texts.weekday_name(day, language, count=2) for day in request.weekdays)
    if request.months and request.weekdays:
        return texts.say("request.days_in_months", language, days=days, months=months)
    if request.months:
        return texts.say("request.months", language, months=months)
    if request.weekdays:
        return days
    if request.first and request.last:
        return texts.say("request.span", language, first=texts.long_date(request.first, language),
                         last=texts.long_date(request.last, language))
    return texts.say("request.any", language)
