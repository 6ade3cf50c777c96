"""A multi-day event ("two days, 3 and 4 June", "3.–4. Juni, zweitägig") is not booked day by day yet: its days are
recorded on the event (`EventState.multi_day_dates`, bookkeeping outside the public 4.3 view), the other facts are
captured as usual, and the manager gets one `manager_request` task listing every day; the client is told the manager
puts the booking together (docs/design.md §4.4)."""

from __future__ import annotations

from datetime import date, timedelta

from venuedesk.tools.booking_models import HilCreateArgs
from venuedesk.understanding.capture import capture
from venuedesk.understanding.model import Understanding
from venuedesk.workflow import texts
from venuedesk.workflow.reply import HilRef
from venuedesk.workflow.turn import Turn

TASK_TYPE = "manager_request"
MAX_DAYS = 31  # a span longer than a month is listed by its first and last day only
MAX_SUMMARY_CHARS = 1000


def applies(turn: Turn) -> bool:
    """The message names one event over several days and the booking is not confirmed yet."""
    return turn.facts.multi_day and turn.state.status != "Confirmed" and bool(event_days(turn.facts))


def event_days(facts: Understanding) -> list[date]:
    """Every day of the event: each day of the span, or the days named, in calendar order."""
    if facts.span is not None:
        length = (facts.span.end - facts.span.start).days + 1
        if length > MAX_DAYS:
            return [facts.span.start, facts.span.end]
        return [facts.span.start + timedelta(days=offset) for offset in range(length)]
    return sorted(set(facts.dates))


def hand_to_manager(turn: Turn, text: str) -> None:
    """Record the days, capture the other facts, open one `manager_request` (none while one is open) and say so."""
    state, days = turn.state, event_days(turn.facts)
    single_day_facts = turn.facts.model_copy(update={"dates": [], "span": None, "vague": None, "day_of_month": None})
    capture(state, single_day_facts, turn.now.date(), turn.venue)
    state.multi_day_dates = days
    open_request = next((task for task in turn.uow.hil.open_for_thread(state.thread_id)
                         if task.type == TASK_TYPE), None)
    if open_request is None:
        listed = ", ".join(day.isoformat() for day in days)
        summary = f"Multi-day event {state.event_id} on {listed}: {text}"[:MAX_SUMMARY_CHARS]
        created = turn.call("hil_create", HilCreateArgs(type=TASK_TYPE, summary=summary))
        turn.hil = HilRef(task_id=created.task_id, type=TASK_TYPE, status=created.status)
    else:
        turn.hil = HilRef(task_id=open_request.id, type=TASK_TYPE, status=open_request.status)
    state.thread_state = "Waiting on HIL"
    turn.say("multi_day_to_manager", days="; ".join(texts.long_date(day, turn.language) for day in days))
    if not state.client_email:
        turn.say("ask_email")
    turn.agent = "intake_agent"
    turn.next_key = "venue_answers"
