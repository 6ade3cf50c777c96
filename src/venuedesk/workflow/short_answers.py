"""A short answer the desk cannot resolve ("ok" to five dates, "the third one" of two) gets one short question
naming the options, never the same table again (docs/understanding.md "Short answers")."""

from __future__ import annotations

from datetime import date

from venuedesk.domain.event import ASKED_BY_NEXT_KEY
from venuedesk.understanding.capture import has_booking_facts
from venuedesk.understanding.choices import OptionKind, options_for
from venuedesk.understanding.context import message_context
from venuedesk.workflow import texts
from venuedesk.workflow.turn import Turn

_STEP_KIND: dict[int, OptionKind] = {2: "date", 3: "room", 4: "product"}
_PROMPT: dict[OptionKind, str] = {"date": "date", "room": "room", "product": "products"}


def unresolved(turn: Turn) -> OptionKind | None:
    """The kind of options a short answer left open at this step, or None when it resolved (or was none)."""
    state, facts = turn.state, turn.facts
    kind = _STEP_KIND.get(state.current_step)
    if kind is None or has_booking_facts(facts) or facts.topics or state.thread_state != "Awaiting Client":
        return None
    weak_yes = facts.negotiation is not None and facts.negotiation.strength == "weak"
    picked = facts.choice is not None or facts.choice_cheapest
    if not picked and not weak_yes:
        return None
    if not picked and ASKED_BY_NEXT_KEY[_PROMPT[kind]] not in state.last_asked:
        return None  # a bare yes answers the question last asked (a time window, say), not an older list
    found = options_for(message_context(state), kind)
    if found is None or (not picked and len(found[1]) < 2):
        return None
    return kind


def ask_which(turn: Turn, kind: OptionKind) -> None:
    """One short question naming the options last shown; the table's buttons stay valid."""
    found = options_for(message_context(turn.state), kind)
    assert found is not None, "ask_which follows unresolved()"
    names = [_name(turn, kind, item) for item in found[1]]
    turn.say(f"which_{kind}", options=_or_list(names, turn.language))
    turn.agent = {"date": "dates_agent", "room": "rooms_agent", "product": "offer_agent"}[kind]
    turn.next_key = _PROMPT[kind]


def _name(turn: Turn, kind: OptionKind, item: object) -> str:
    language = turn.language
    if kind == "date":
        assert isinstance(item, date)
        return texts.say("short_date", language, day=item.day, month=texts.month_name(item.month, language))
    if kind == "room":
        return turn.venue.room(str(item)).label(language)
    return turn.venue.product(str(item)).name(language)


def _or_list(names: list[str], language: str) -> str:
    """"A, B or C" / "A, B oder C"."""
    if len(names) < 2:
        return "".join(names)
    return texts.say("options_or", language, first=", ".join(names[:-1]), last=names[-1])
