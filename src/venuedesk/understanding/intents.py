"""What the client wants from this message: booking, change, acceptance, question, injection..."""

from __future__ import annotations

import re
from dataclasses import dataclass

from venuedesk.understanding.intent_patterns import (
    ACCEPT,
    CHANGE,
    DECLINE,
    EVENT,
    GREETING,
    HYPOTHETICAL,
    INJECTION,
    MANAGER,
    NEGATED_ACCEPT,
    NON_EVENT,
)
from venuedesk.understanding.model import Intent
from venuedesk.understanding.sentences import Sentence
from venuedesk.understanding.text import mask

_LEFTOVER = re.compile(r"[^\W\d_]+")
# The client only weighs an event up: "we're thinking about holding our offsite with you", "Wir überlegen, …".
_CONSIDERING = re.compile(
    r"\b(?:thinking\s+(?:about|of)|considering|consider|überlegen|überlegt|erwägen|ziehen\s+in\s+betracht|"
    r"spielen\s+mit\s+dem\s+gedanken)\b")


@dataclass(frozen=True)
class IntentFacts:
    """Facts from the other passes that some intents depend on."""

    has_date: bool
    has_participants: bool
    room_chosen: bool


def _only_greeting(text: str, original: str) -> bool:
    """True when nothing but greetings/thanks and at most a short signed name remain."""
    if not GREETING.search(text):
        return False
    leftover = _LEFTOVER.findall(GREETING.sub(" ", text))
    if not leftover:
        return True
    names = [w for w in _LEFTOVER.findall(original) if w.lower() in leftover]
    return (
        len(leftover) <= 2
        and bool(names)
        and all(w[0].isupper() for w in names)
        and not re.search(r"\d", text)
    )


def _in_statements(pattern: re.Pattern[str], text: str, sentences: tuple[Sentence, ...]) -> bool:
    """Whether the pattern occurs in a sentence that is not a question."""
    return any(pattern.search(text, s.start, s.end) for s in sentences if not s.question)


def _declines(text: str, sentences: tuple[Sentence, ...]) -> bool:
    """Some sentence turns the booking down; a question about a case ("what happens if we have to cancel?") does
    not (the rule of negotiation.declining_sentences)."""
    if not sentences:
        return bool(DECLINE.search(text))
    return any(DECLINE.search(text, s.start, s.end) and not (s.question and HYPOTHETICAL.search(text, s.start, s.end))
               for s in sentences)


def _asks_event(text: str, sentences: tuple[Sentence, ...], venue_questions: list[tuple[int, int]]) -> bool:
    """A booking word outside venue questions; with a venue question asked, one in a sentence that only weighs an
    event up ("we're thinking about holding our offsite with you") asks for none yet."""
    rest = mask(text, venue_questions)
    if venue_questions:
        rest = mask(rest, [(s.start, s.end) for s in sentences if _CONSIDERING.search(text, s.start, s.end)])
    return bool(EVENT.search(rest))


def find_intents(
    text: str, original: str, sentences: tuple[Sentence, ...], facts: IntentFacts,
    venue_questions: list[tuple[int, int]] | None = None,
) -> list[Intent]:
    """The intents of one message, each at most once, in a fixed order; a booking word inside a venue question
    (`venue_questions`: "how far ahead do we need to book?") asks for no event."""
    if INJECTION.search(text):
        return ["injection"]
    intents: list[Intent] = []
    non_event = bool(NON_EVENT.search(text))
    declined = _declines(text, sentences)
    asks_event = _asks_event(text, sentences, venue_questions or [])
    if (facts.has_date and facts.has_participants) or (asks_event and not non_event and not declined):
        intents.append("event_request")
    if facts.room_chosen:
        intents.append("room_choice")
    if CHANGE.search(text):
        intents.append("change")
    if _in_statements(ACCEPT, text, sentences) and not NEGATED_ACCEPT.search(text) and not declined:
        intents.append("acceptance")
    if declined:
        intents.append("decline")
    if any(s.question for s in sentences):
        intents.append("question")
    if MANAGER.search(text):
        intents.append("manager_request")
    if non_event:
        intents.append("non_event")
    if not intents and _only_greeting(text, original):
        intents.append("greeting")
    return intents
