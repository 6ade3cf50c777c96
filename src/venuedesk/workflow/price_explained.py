""""Why is it so expensive?" answered from the live offer: the room rate by the window's length, then each line
(docs/venue.md "Pricing"); a question about the price is never a counter unless it asks for a better one."""

from __future__ import annotations

from decimal import Decimal

from venuedesk.domain.event import Offer, OfferLine
from venuedesk.domain.windows import hours_between, parse_end, parse_hhmm, window_minutes
from venuedesk.workflow import texts
from venuedesk.workflow.turn import Turn


def explain_offer(turn: Turn) -> str | None:
    """The live offer's price, line by line, in the client's language; None when there is no offer."""
    offer = turn.state.offer
    if offer is None:
        return None
    language = turn.language
    lines = [texts.say("price.explain.intro", language, version=offer.version,
                       total=texts.price(offer.total, language), vat=texts.price(offer.vat, language))]
    lines += [f"- {_line(turn, offer, line)}" for line in offer.lines]
    lines.append(texts.say("price.explain.end", language))
    return "\n".join(lines)


def _line(turn: Turn, offer: Offer, line: OfferLine) -> str:
    language = turn.language
    amount = texts.price(line.total, language)
    if line.kind == "room":
        rate = _rate(turn)
        if rate is not None:
            return texts.say("price.explain.room", language, item=line.label, amount=amount, **rate)
    if line.kind == "product" and line.quantity > 1:
        return texts.say("price.explain.line", language, item=line.label, quantity=line.quantity,
                         unit=texts.price(line.unit_price, language), amount=amount)
    return texts.say("price.explain.single", language, item=line.label, amount=amount)


def _rate(turn: Turn) -> dict[str, object] | None:
    """The window's length and which rate it falls under (half day, full day, full day plus extra hours)."""
    req, policies = turn.state.requirements, turn.venue.policies
    if not (req.start_time and req.end_time):
        return None
    start, end = parse_hhmm(req.start_time), parse_end(req.end_time)
    minutes = window_minutes(start, end)
    hours = hours_between(start, end).normalize()
    if minutes <= policies.half_day_max_hours * 60:
        rate = texts.say("price.rate.half_day", turn.language, limit=policies.half_day_max_hours)
    elif minutes <= policies.full_day_max_hours * 60:
        rate = texts.say("price.rate.full_day", turn.language, limit=policies.full_day_max_hours)
    else:
        extra = -(-(minutes - policies.full_day_max_hours * 60) // 60)
        rate = texts.say("price.rate.extra_hours", turn.language, extra=extra)
    return {"hours": f"{Decimal(hours):f}", "rate": rate}
