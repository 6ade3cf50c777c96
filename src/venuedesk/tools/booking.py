"""Handlers of the booking tools: each reads or writes through the unit of work, never the event state.

The engine applies a tool's result to the event state; the handler only does the database side effect (a
hold, a task) and the pure computation (availability, prices) behind it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from venuedesk import i18n
from venuedesk.domain import availability, calendar, gates, pricing, ranking, windows
from venuedesk.domain.availability import Booking
from venuedesk.domain.busy import NO_EXTERNAL_BUSY, ExternalBusy
from venuedesk.domain.catalogue import Room
from venuedesk.store.repositories.bookings import RoomUnavailable
from venuedesk.tools.booking_models import (
    BookingMoveArgs,
    BookingMoveResult,
    CalendarFailureOut,
    DateCheck,
    DateStatus,
    DatesCheckArgs,
    DatesCheckResult,
    DatesProposeArgs,
    DatesProposeResult,
    GateFailureOut,
    HilCreateArgs,
    HilCreateResult,
    KbAnswer,
    KbSearchArgs,
    KbSearchResult,
    OfferComposeArgs,
    OfferComposeResult,
    OfferDraftOut,
    OfferLineOut,
    ProductChoice,
    ProductRejection,
    ProductsUpdateArgs,
    ProductsUpdateResult,
    RoomHoldArgs,
    RoomHoldResult,
    RoomOption,
    RoomReleaseArgs,
    RoomReleaseResult,
    RoomsSearchArgs,
    RoomsSearchResult,
)
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.errors import ToolArgumentsInvalid, ToolPermissionError

_PROPOSE_CHUNK_DAYS = 62


def _seated(ctx: BookingToolContext, layout: str | None) -> bool:
    """Whether rooms fit by their largest seated layout: no layout given and the event a meal at tables."""
    return layout is None and ctx.venue.seats_meal(ctx.state.event_type)


def _fitting_rooms(ctx: BookingToolContext, participants: int | None, layout: str | None) -> list[Room]:
    if participants is None:
        return list(ctx.venue.rooms)
    seated = _seated(ctx, layout)
    return [room for room in ctx.venue.rooms if ranking.room_fits(room, participants, layout, seated=seated).fits]


def _near(by_day: dict[date, list[Booking]], day: date) -> list[Booking]:
    """The bookings that can touch a window on `day`: that day's and its neighbours' (past midnight)."""
    one = timedelta(days=1)
    return [*by_day.get(day - one, []), *by_day.get(day, []), *by_day.get(day + one, [])]


def _external(ctx: BookingToolContext, rooms: list[Room], first: date, last: date) -> ExternalBusy:
    """The venue calendars' busy time for `rooms` over [first, last] (one read); nothing is read for rooms without
    calendars."""
    with_calendars = [room for room in rooms if room.calendars]
    if not with_calendars:
        return NO_EXTERNAL_BUSY
    return ctx.calendars.busy(with_calendars, first, last)


def _bookings_around(
    ctx: BookingToolContext, first: date, last: date, external: ExternalBusy = NO_EXTERNAL_BUSY
) -> dict[date, list[Booking]]:
    """Bookings on first..last and one day either side, by day (a window may run past midnight): the desk's own
    and the calendars' busy time (as Confirmed bookings)."""
    one = timedelta(days=1)
    by_day = ctx.bookings_between(first - one, last + one)
    for day, blocks in external.on_days().items():
        by_day.setdefault(day, []).extend(blocks)
    return by_day


def _room_statuses(
    ctx: BookingToolContext, rooms: list[Room], day: date, start: str, end: str, bookings: list[Booking],
    external: ExternalBusy,
) -> dict[str, availability.RoomStatus]:
    """Each room's status for the window: Available only when every calendar of the room could be read."""
    event_id = ctx.state.event_id
    start_t, end_t = windows.parse_hhmm(start), windows.parse_end(end)
    return {
        room.id: availability.confirmed_by_calendars(
            availability.room_status(room, day, start_t, end_t, bookings, ctx.now, exclude_event_id=event_id),
            room.id in external.unconfirmed_rooms,
        )
        for room in rooms
    }


def _free_rooms(
    ctx: BookingToolContext, rooms: list[Room], day: date, start: str, end: str, bookings: list[Booking],
    external: ExternalBusy,
) -> list[str]:
    """The rooms free for the window by every calendar (unconfirmed rooms are not free)."""
    statuses = _room_statuses(ctx, rooms, day, start, end, bookings, external)
    return [room_id for room_id, status in statuses.items() if status == "Available"]


def dates_check(ctx: BookingToolContext, args: DatesCheckArgs) -> DatesCheckResult:
    """Check each date: bookable at all (lead time, horizon, closed days), then a fitting room free."""
    policies = ctx.venue.policies
    fitting = _fitting_rooms(ctx, args.participants, args.layout)
    first, last = min(args.dates), max(args.dates)
    external = _external(ctx, fitting, first, last)
    bookings = _bookings_around(ctx, first, last, external)
    results = []
    for day in args.dates:
        problem = calendar.date_problem(day, ctx.today, policies)
        if problem is not None:
            reason = i18n.closed_label(problem.closed, ctx.state.language) if problem.closed else None
            results.append(DateCheck(date=day, status=problem.code, reason=reason))
            continue
        if not fitting:
            results.append(DateCheck(date=day, status="no_room_fits"))
            continue
        statuses = _room_statuses(ctx, fitting, day, args.start_time, args.end_time, _near(bookings, day), external)
        free = [room_id for room_id, status in statuses.items() if status == "Available"]
        unconfirmed = [room_id for room_id, status in statuses.items() if status == "Unconfirmed"]
        results.append(DateCheck(date=day, status=_date_status(free, unconfirmed), free_rooms=free,
                                 unconfirmed_rooms=unconfirmed))
    return DatesCheckResult(results=results)


def _date_status(free: list[str], unconfirmed: list[str]) -> DateStatus:
    """available with a room free by every calendar; unconfirmed when the only free rooms' calendars failed."""
    if free:
        return "available"
    return "unconfirmed" if unconfirmed else "fully_booked"


def dates_propose(ctx: BookingToolContext, args: DatesProposeArgs) -> DatesProposeResult:
    """Up to `count` free dates, chronological from `after`, matching months and weekdays."""
    first, last = calendar.bookable_range(ctx.today, ctx.venue.policies)
    day = max(args.after, first)
    end = min(args.before, last) if args.before else last
    fitting = _fitting_rooms(ctx, args.participants, args.layout)
    found: list[date] = []
    while day <= end and len(found) < args.count and fitting:
        chunk_end = min(day + timedelta(days=_PROPOSE_CHUNK_DAYS - 1), end)
        external = _external(ctx, fitting, day, chunk_end)
        bookings = _bookings_around(ctx, day, chunk_end, external)
        while day <= chunk_end and len(found) < args.count:
            if _matches(day, args) and calendar.closed_reason(day, ctx.venue.policies) is None:
                near = _near(bookings, day)
                if _free_rooms(ctx, fitting, day, args.start_time, args.end_time, near, external):
                    found.append(day)
            day += timedelta(days=1)
    return DatesProposeResult(dates=found)


def _matches(day: date, args: DatesProposeArgs) -> bool:
    if args.months and day.month not in args.months:
        return False
    return not args.weekdays or day.weekday() in args.weekdays


def rooms_search(ctx: BookingToolContext, args: RoomsSearchArgs) -> RoomsSearchResult:
    """Every room with fit, status and price for the date and window: the domain's ranking of the rooms that
    can be offered first, then the others by id (so a named room can be explained)."""
    policies = ctx.venue.policies
    rooms = list(ctx.venue.rooms)
    external = _external(ctx, rooms, args.date, args.date)
    day_bookings = _near(_bookings_around(ctx, args.date, args.date, external), args.date)
    start, end = windows.parse_hhmm(args.start_time), windows.parse_end(args.end_time)
    statuses = _room_statuses(ctx, rooms, args.date, args.start_time, args.end_time, day_bookings, external)
    candidates = [
        ranking.make_candidate(room, statuses[room.id], args.participants, args.layout, args.special,
                               seated=_seated(ctx, args.layout))
        for room in rooms
    ]
    ranked = ranking.rank_rooms(candidates)
    others = sorted((c for c in candidates if not ranking.offerable(c)), key=lambda c: c.room.id)
    return RoomsSearchResult(rooms=[
        RoomOption(
            room_id=c.room.id, name=c.room.name, layout=c.fit.layout, capacity=c.fit.capacity, fits=c.fit.fits,
            reason=c.fit.reason, status=c.status, features_matched=len(c.features_matched),
            price=float(pricing.room_charge(c.room, start, end, policies)),
        )
        for c in [*ranked, *others]
    ])


def room_hold(ctx: BookingToolContext, args: RoomHoldArgs) -> RoomHoldResult:
    """Place (or move) this event's option on a room; it never overlaps another event's hold."""
    if not ctx.venue.has_room(args.room_id):
        raise ToolArgumentsInvalid(f"room_id: unknown room {args.room_id!r}")
    room = ctx.venue.room(args.room_id)
    event_id = ctx.state.event_id
    previous = ctx.uow.bookings.for_event(event_id)
    same_room = [row for row in previous if row.room_id == room.id]
    expires_at = same_room[0].expires_at if same_room else availability.option_expiry(ctx.now, ctx.venue.policies)
    start, end = windows.parse_hhmm(args.start_time), windows.parse_end(args.end_time)
    external = _external(ctx, [room], args.date, args.date)
    blocked = availability.blocking_bookings(room, args.date, start, end, _near(external.on_days(), args.date),
                                             ctx.now)
    if blocked:
        return RoomHoldResult(status="unavailable", room_id=room.id, date=args.date,
                              reason=f"room {room.id} is busy in the venue's calendar on {args.date.isoformat()}")
    window = windows.buffered_window(room, start, end)
    try:
        ctx.uow.bookings.place_hold(
            event_id=event_id, room_id=room.id, day=args.date, start_min=window.start_min, end_min=window.end_min,
            window_start=args.start_time, window_end=args.end_time, expires_at=expires_at, now=ctx.now, replacing=True,
        )
    except RoomUnavailable as exc:
        return RoomHoldResult(status="unavailable", room_id=room.id, date=args.date, reason=str(exc))
    unconfirmed = [CalendarFailureOut(source_id=failure.source_id, reason=failure.reason, detail=failure.detail)
                   for failure in external.failures_of(room)]
    return RoomHoldResult(
        status="held", room_id=room.id, date=args.date, expires_at=expires_at.isoformat() if expires_at else None,
        unconfirmed=unconfirmed,
    )


def booking_move(ctx: BookingToolContext, args: BookingMoveArgs) -> BookingMoveResult:
    """Manager only: move this event's confirmed booking to another room, day or window under the rules of a hold
    (the venue's calendars, every other event's live booking); the old slot is freed in the same transaction, and a
    calendar that could not be read refuses the move (its room is never taken to be free)."""
    if ctx.actor == "client":
        raise ToolPermissionError("booking_move is for the venue's manager only")
    if not ctx.venue.has_room(args.room_id):
        raise ToolArgumentsInvalid(f"room_id: unknown room {args.room_id!r}")
    room = ctx.venue.room(args.room_id)
    start, end = windows.parse_hhmm(args.start_time), windows.parse_end(args.end_time)
    external = _external(ctx, [room], args.date, args.date)
    failures = external.failures_of(room)
    if failures:
        return BookingMoveResult(status="unconfirmed", room_id=room.id, date=args.date,
                                 reason=f"the calendar {failures[0].source_id} of {room.id} could not be read")
    if availability.blocking_bookings(room, args.date, start, end, _near(external.on_days(), args.date), ctx.now):
        return BookingMoveResult(status="unavailable", room_id=room.id, date=args.date,
                                 reason=f"{room.id} is busy in the venue's calendar on {args.date.isoformat()}")
    window = windows.buffered_window(room, start, end)
    try:
        ctx.uow.bookings.place_hold(
            event_id=ctx.state.event_id, room_id=room.id, day=args.date, start_min=window.start_min,
            end_min=window.end_min, window_start=args.start_time, window_end=args.end_time, expires_at=None,
            now=ctx.now, status="Confirmed", replacing=True,
        )
    except RoomUnavailable as exc:
        return BookingMoveResult(status="unavailable", room_id=room.id, date=args.date, reason=str(exc))
    return BookingMoveResult(status="moved", room_id=room.id, date=args.date)


def room_release(ctx: BookingToolContext, args: RoomReleaseArgs) -> RoomReleaseResult:
    """Release this event's hold on a room."""
    released = ctx.uow.bookings.release(ctx.state.event_id, room_id=args.room_id)
    return RoomReleaseResult(released=released > 0)


def products_update(ctx: BookingToolContext, args: ProductsUpdateArgs) -> ProductsUpdateResult:
    """The event's product list after adding and removing; products the room or season rule out are refused."""
    state = ctx.state
    current = {line.product_id: line.quantity for line in state.products}
    for product_id in args.remove:
        current.pop(product_id, None)
    rejected: list[ProductRejection] = []
    for choice in args.add:
        reason = _product_problem(ctx, choice.product_id)
        if reason:
            rejected.append(ProductRejection(product_id=choice.product_id, reason=reason))
            continue
        current[choice.product_id] = choice.quantity or current.get(choice.product_id) or 1
    if args.none:
        current = {}
    return ProductsUpdateResult(
        products=[ProductChoice(product_id=pid, quantity=qty) for pid, qty in current.items()], rejected=rejected
    )


def _product_problem(ctx: BookingToolContext, product_id: str) -> str | None:
    if not ctx.venue.has_product(product_id):
        return "unknown"
    product = ctx.venue.product(product_id)
    room_id = ctx.state.locked_room_id or ctx.state.requirements.preferred_room
    if room_id and not product.served_in(room_id):
        return "not_served_in_room"
    day = ctx.state.chosen_date
    if day and not product.in_season(day.month):
        return "out_of_season"
    return None


def offer_compose(ctx: BookingToolContext, args: OfferComposeArgs) -> OfferComposeResult:
    """Check gates P1–P4 here, in the tool itself, then price the offer exactly as docs/venue.md says."""
    state = ctx.state
    failures = gates.check_offer_gates(state)
    if failures:
        return OfferComposeResult(
            status="gate_failed",
            failures=[GateFailureOut(gate=f.gate, step=f.fix_step, reason=f.reason) for f in failures],
        )
    req = state.requirements
    assert state.chosen_date and state.locked_room_id and req.participants
    priced = pricing.price_offer(
        ctx.venue,
        ctx.venue.room(state.locked_room_id),
        state.chosen_date,
        windows.parse_hhmm(req.start_time or ""),
        windows.parse_end(req.end_time or ""),
        req.participants,
        [(line.product_id, line.quantity) for line in state.products],
        ctx.today,
        state.language,
    )
    return OfferComposeResult(
        status="composed",
        offer=OfferDraftOut(
            lines=[
                OfferLineOut(
                    kind=line.kind, ref=line.ref, label=line.label, quantity=line.quantity,
                    unit_price=float(line.unit_price), total=float(line.total),
                )
                for line in priced.lines
            ],
            total=float(priced.total),
            vat=float(priced.vat),
            deposit_required=priced.deposit_required,
            deposit_amount=float(priced.deposit_amount or 0),
            deposit_due=priced.deposit_due,
        ),
    )


def hil_create(ctx: BookingToolContext, args: HilCreateArgs) -> HilCreateResult:
    """Open a task for the venue's manager (an offer to approve, a message to review, a failure); a draft written
    in a turn a model understood carries `drafted_by` (docs/design.md §4.13 Autonomy)."""
    task = ctx.uow.hil.create(
        thread_id=ctx.thread_id,
        type=args.type,
        summary=args.summary,
        draft_json=attributed(args.draft_json, ctx.drafted_by),
        offer_id=args.offer_id,
        offer_version=args.offer_version,
        created_at=ctx.now,
    )
    return HilCreateResult(task_id=task.id, status=task.status)


def kb_search(ctx: BookingToolContext, args: KbSearchArgs) -> KbSearchResult:
    """Venue knowledge whose keywords appear in the query."""
    query = f" {args.query.lower()} "
    answers = [
        KbAnswer(topic=entry.topic, answer=entry.answer(ctx.state.language))
        for entry in ctx.venue.knowledge
        if entry.topic.replace("_", " ") in query or any(keyword.lower() in query for keyword in entry.keywords)
    ]
    return KbSearchResult(answers=answers)


def attributed(draft_json: str | None, drafted_by: dict[str, str] | None) -> str | None:
    """The draft with its `drafted_by: {provider, model}` marker when a model drafted it (else as given)."""
    if draft_json is None or drafted_by is None:
        return draft_json
    try:
        draft = json.loads(draft_json)
    except ValueError:
        return draft_json
    if not isinstance(draft, dict):
        return draft_json
    draft.setdefault("drafted_by", dict(drafted_by))
    return json.dumps(draft)
