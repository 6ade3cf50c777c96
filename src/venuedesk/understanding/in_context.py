"""Partial dates read against what the desk last said (docs/design.md §4.4): "the 16th" after dates in June is
16 June; "Thursday" after dates were shown is the Thursday among them, or unsure when two Thursdays fit."""

from __future__ import annotations

from datetime import date

from venuedesk.understanding.context import MessageContext
from venuedesk.understanding.model import FactConfidence, VagueDates

AMBIGUOUS_WEEKDAY_SCORE = 0.4  # below CONFIRM_BELOW: the desk confirms which of the fitting dates was meant


def _day_in_month(year: int, month: int, day: int) -> date | None:
    """The day in that month, or None when the month has no such day."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_in_context(day: int, context: MessageContext, today: date) -> date | None:
    """A bare day of the month as a date: a shown date with that day, else that day in the one month under
    discussion (of the dates shown or the date in focus); None when no month or more than one fits."""
    shown = [*context.dates_shown]
    for candidate in shown:
        if candidate.day == day:
            return candidate
    anchors = shown + ([context.date_in_focus] if context.date_in_focus else [])
    months = sorted({(anchor.year, anchor.month) for anchor in anchors})
    fits = [found for year, month in months if (found := _day_in_month(year, month, day)) and found >= today]
    return fits[0] if len(fits) == 1 else None


def weekday_in_context(vague: VagueDates | None, context: MessageContext) -> tuple[list[date], FactConfidence | None]:
    """A weekday alone ("Thursday", "den Donnerstag") after dates were shown: the shown dates on that weekday.

    One fits: that date, read with certainty. Several fit: all of them, read with low confidence so the desk asks
    which one (never picks one). None fits or no dates were shown: nothing, the weekday stays a vague wish.
    """
    if vague is None or vague.months or vague.year or vague.season or len(vague.weekdays) != 1:
        return [], None
    fits = [shown for shown in context.dates_shown if shown.weekday() == vague.weekdays[0]]
    if len(fits) < 2:
        return fits, None
    listed = ", ".join(day.isoformat() for day in fits)
    return fits, FactConfidence(fact="dates", score=AMBIGUOUS_WEEKDAY_SCORE,
                                reason=f"{len(fits)} of the dates shown fall on that weekday: {listed}")
