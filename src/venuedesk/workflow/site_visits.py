"""Site visits at any step (docs/design.md §4.13 Site visit): offer the free slots, book the one the client picks.

A visit is recorded on the event (`EventState.site_visit`) and in `site_visits` (one visit per slot across all
events); it never holds, moves or advances the event, and the reply keeps the step's footer: the client still owes
the step's answer.
"""

from __future__ import annotations

from datetime import datetime

from venuedesk.understanding.model import Intent

from venuedesk.domain.event import SiteVisit
from venuedesk.domain.site_visits import earliest_visit_day, site_visit_slots
from venuedesk.tools.booking_models import SiteVisitBookArgs, SiteVisitBookResult
from venuedesk.tools.site_visits import FREE_SLOTS_SHOWN, local_iso, parse_slot
from venuedesk.workflow import texts
from venuedesk.workflow.questions import answer_questions
from venuedesk.workflow.reply import Action, TableBlock
from venuedesk.workflow.turn import Turn

ACTION = "select_site_visit"
# Intents that ask the step for its own answer: with these the step runs and the slots come beside its reply.
STEP_INTENTS: tuple[Intent, ...] = (
    "acceptance", "decline", "counter", "payment_claimed", "manager_request", "calendar_request",
)


def asked_alone(turn: Turn, booking_facts: bool) -> bool:
    """Whether the message only asks for a site visit (plus venue questions): then the slots are the reply."""
    facts = turn.facts
    if not facts.has("site_visit") or booking_facts or facts.problems:
        return False
    gives_billing = facts.billing is not None and any(facts.billing.model_dump().values())
    return not any(facts.has(intent) for intent in STEP_INTENTS) and not gives_billing


def answer_alone(turn: Turn, text: str) -> None:
    """A message that only asks for a visit: other venue questions answered, then the free slots."""
    turn.facts.topics = [topic for topic in turn.facts.topics if topic != "site_visit"]
    answer_questions(turn, text)
    offer_slots(turn)
    turn.agent = "qna_agent"


def offer_slots(turn: Turn) -> None:
    """Tell the client the next free visit slots as a table with a `select_site_visit` button per row."""
    state, policies = turn.state, turn.venue.policies
    taken = turn.uow.site_visits.taken_slots(besides_event=state.event_id)
    slots = site_visit_slots(turn.now, state.chosen_date, taken, policies, FREE_SLOTS_SHOWN, policies.site_visits)
    if state.site_visit is not None:
        turn.say("site_visit.current", **_when(turn, state.site_visit.slot))
    if not slots:
        turn.say("site_visit.none")
        return
    turn.say("site_visit.slots", minutes=policies.site_visits.duration_minutes)
    turn.tables.append(slots_table(turn, slots))


def slots_table(turn: Turn, slots: list[datetime]) -> TableBlock:
    """Free visit slots: date and time, each row with its `select_site_visit {slot}` action."""
    language = turn.language
    return TableBlock(
        title=texts.say("table.site_visits.title", language),
        columns=[texts.say("table.site_visits.date", language), texts.say("table.site_visits.time", language)],
        rows=[[texts.long_date(slot.date(), language), slot.strftime("%H:%M")] for slot in slots],
        row_actions=[
            Action(name=ACTION, label=texts.say("action.choose_site_visit", language, **_when(turn, slot)),
                   args={"slot": local_iso(slot)}, style="primary")
            for slot in slots
        ],
    )


def book(turn: Turn, slot: str) -> None:
    """Book `slot` through `site_visit_book`; tell the client the date and time, or why not with the free slots.
    A re-click on the booked slot changes nothing and says so."""
    turn.agent = turn.agent or "qna_agent"
    result: SiteVisitBookResult = turn.call("site_visit_book", SiteVisitBookArgs(slot=slot))
    policies = turn.venue.policies
    start = parse_slot(result.slot, policies.timezone)
    if result.status == "refused":
        _say_refusal(turn, start, result)
        free = [parse_slot(value, policies.timezone) for value in result.free_slots]
        if free:
            turn.tables.append(slots_table(turn, free))
        else:
            turn.say("site_visit.none")
        return
    assert result.end is not None
    end = parse_slot(result.end, policies.timezone)
    if result.status != "unchanged" or turn.state.site_visit is None:
        turn.state.site_visit = SiteVisit(slot=start, end=end, booked_at=turn.now)
    key = {"booked": "site_visit.booked", "moved": "site_visit.moved", "unchanged": "site_visit.unchanged"}
    previous = parse_slot(result.previous, policies.timezone) if result.previous else None
    extra = _when(turn, previous, prefix="previous_") if previous else {}
    turn.say(key[result.status], **_when(turn, start), **extra)


def _say_refusal(turn: Turn, start: datetime, result: SiteVisitBookResult) -> None:
    rules = turn.venue.policies.site_visits
    when = _when(turn, start)
    if result.problem == "too_soon":
        earliest = earliest_visit_day(turn.now, rules)
        turn.say("site_visit.refused.too_soon", days=rules.min_days_ahead,
                 earliest=texts.long_date(earliest, turn.language), **when)
    elif result.problem == "not_a_slot":
        times = ", ".join(moment.strftime("%H:%M") for moment in rules.times)
        turn.say("site_visit.refused.not_a_slot", times=times, **when)
    else:
        turn.say(f"site_visit.refused.{result.problem or 'taken'}", **when)


def _when(turn: Turn, moment: datetime, prefix: str = "") -> dict[str, str]:
    """`date` (long, in the client's language) and `time` (HH:MM) of a moment, for the phrases."""
    return {f"{prefix}date": texts.long_date(moment.date(), turn.language), f"{prefix}time": moment.strftime("%H:%M")}
