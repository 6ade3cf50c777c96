"""The booking tools as strict JSON-schema function tools, with their business idempotency keys."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from venuedesk.tools import booking, site_visits
from venuedesk.tools import booking_models as m
from venuedesk.tools.context import BookingToolContext
from venuedesk.tools.definition import ToolDefinition


def _scoped(name: str, ctx: BookingToolContext, *parts: object) -> str:
    """A business key scoped to the event revision: the same operation twice in one turn runs once."""
    state = ctx.state
    return ":".join([name, state.event_id, str(state.revision), *(str(part) for part in parts)])


def _hold_key(ctx: BookingToolContext, args: m.RoomHoldArgs) -> str:
    return _scoped("room_hold", ctx, args.room_id, args.date, args.start_time, args.end_time)


def _release_key(ctx: BookingToolContext, args: m.RoomReleaseArgs) -> str:
    return _scoped("room_release", ctx, args.room_id)


def _compose_key(ctx: BookingToolContext, args: m.OfferComposeArgs) -> str:
    state = ctx.state
    products = ",".join(f"{line.product_id}x{line.quantity}" for line in state.products)
    return _scoped(
        "offer_compose", ctx, state.requirements_hash, state.chosen_date, state.locked_room_id, products
    )


def _hil_key(ctx: BookingToolContext, args: m.HilCreateArgs) -> str:
    return _scoped("hil_create", ctx, args.type, args.offer_id, args.offer_version)


def _site_visit_key(ctx: BookingToolContext, args: m.SiteVisitBookArgs) -> str:
    return _scoped("site_visit_book", ctx, args.slot)


@lru_cache(maxsize=1)
def booking_tools() -> dict[str, ToolDefinition[Any, Any]]:
    """All booking tools by name."""
    tools: list[ToolDefinition[Any, Any]] = [
        ToolDefinition(
            name="dates_check",
            description="Check whether each date can host the event in the time window (closed days, "
            "lead time, capacity, free rooms).",
            args_model=m.DatesCheckArgs, result_model=m.DatesCheckResult, handler=booking.dates_check,
            idempotency_key=None, side_effect=False,
        ),
        ToolDefinition(
            name="dates_propose",
            description="Propose up to `count` free dates from `after`, matching months and weekdays.",
            args_model=m.DatesProposeArgs, result_model=m.DatesProposeResult, handler=booking.dates_propose,
            idempotency_key=None, side_effect=False,
        ),
        ToolDefinition(
            name="rooms_search",
            description="Rank the venue's rooms for a date, window, head count and layout.",
            args_model=m.RoomsSearchArgs, result_model=m.RoomsSearchResult, handler=booking.rooms_search,
            idempotency_key=None, side_effect=False,
        ),
        ToolDefinition(
            name="room_hold",
            description="Hold a room on option for this event (only a room the client chose).",
            args_model=m.RoomHoldArgs, result_model=m.RoomHoldResult, handler=booking.room_hold,
            idempotency_key=_hold_key, side_effect=True,
        ),
        ToolDefinition(
            name="room_release",
            description="Release this event's option on a room.",
            args_model=m.RoomReleaseArgs, result_model=m.RoomReleaseResult, handler=booking.room_release,
            idempotency_key=_release_key, side_effect=True,
        ),
        ToolDefinition(
            name="products_update",
            description="Add products (with quantities where counted) or remove them; `none` decides no "
            "products.",
            args_model=m.ProductsUpdateArgs, result_model=m.ProductsUpdateResult,
            handler=booking.products_update, idempotency_key=None, side_effect=False,
        ),
        ToolDefinition(
            name="offer_compose",
            description="Check gates P1–P4 and price the offer for the event as it stands.",
            args_model=m.OfferComposeArgs, result_model=m.OfferComposeResult, handler=booking.offer_compose,
            idempotency_key=_compose_key, side_effect=False,
        ),
        ToolDefinition(
            name="hil_create",
            description="Create a task for the venue's manager.",
            args_model=m.HilCreateArgs, result_model=m.HilCreateResult, handler=booking.hil_create,
            idempotency_key=_hil_key, side_effect=True,
        ),
        ToolDefinition(
            name="kb_search",
            description="Search the venue's knowledge (parking, transport, accessibility, ...).",
            args_model=m.KbSearchArgs, result_model=m.KbSearchResult, handler=booking.kb_search,
            idempotency_key=None, side_effect=False,
        ),
        ToolDefinition(
            name="site_visit_book",
            description="Book a site visit for this event at a free slot (ISO local datetime); it never holds or "
            "moves the event. A slot another event has, or outside the venue's visit times, is refused with the "
            "free slots.",
            args_model=m.SiteVisitBookArgs, result_model=m.SiteVisitBookResult, handler=site_visits.site_visit_book,
            idempotency_key=_site_visit_key, side_effect=True,
        ),
    ]
    return {tool.name: tool for tool in tools}
