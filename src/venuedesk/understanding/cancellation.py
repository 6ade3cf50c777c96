"""The `cancel` signal: the client calls off the booking itself (docs/design.md §4.13 Cancellation).

"We have to cancel", "please cancel our booking", "the event has been called off", "wir müssen leider absagen",
"bitte stornieren Sie die Buchung", "der Anlass findet nicht statt". Not a cancellation: a question or a
condition about one ("what if we have to cancel?", "falls wir absagen müssen"), the cancellation terms
("what is your cancellation policy?", "Stornobedingungen"), cancelling a part ("cancel the lunch") or one
date for another ("cancel the 12th and take the 19th instead"). The words are also a decline (the
negotiation stance); what they mean at the current step is the engine's decision.
"""

from __future__ import annotations

import re

from venuedesk.understanding.negotiation_patterns import phrases as _words
from venuedesk.understanding.sentences import Sentence

_BOOKING = (
    r"(?:booking|event|reservation|workshop|seminar|meeting|conference|party|dinner|wedding|celebration|apéro|apero|"
    r"offsite|off-site|whole\s+thing|everything|it|the\s+room)"
)
CANCEL = _words(
    # English: a statement that the booking is called off
    r"(?:have\s+to|must|need\s+to|are\s+forced\s+to|unfortunately\s+need\s+to|'ll\s+have\s+to|will\s+have\s+to|"
    r"want\s+to|would\s+like\s+to|'d\s+like\s+to|wish\s+to|hereby)\s+(?:\w+\s+)?cancel(?:\s+(?:our|the|my|this)\s+"
    + _BOOKING + r"|\s+it|(?=\s*(?:$|[.,!;])))",
    r"(?:please\s+)?cancel\s+(?:our|the|my|this)\s+" + _BOOKING,
    r"(?:our|the|this)\s+" + _BOOKING + r"\s+(?:is|has\s+been|was|got|had\s+to\s+be)\s+(?:cancell?ed|called\s+off)",
    r"(?:we|i)\s+(?:are|am)\s+cancell?ing(?:\s+(?:our|the|my|this)\s+" + _BOOKING + r")?",
    r"(?:we|i)\s+(?:hereby\s+)?cancel\s+(?:our|the|my|this)\s+" + _BOOKING,
    r"call(?:ing)?\s+off\s+(?:our|the|this)\s+" + _BOOKING,
    r"(?:process|confirm|accept)\s+(?:our|the|my|this)\s+cancell?ation",
    r"(?:won't|will\s+not|does\s+not|doesn't|can't|cannot)\s+take\s+place",
    # German
    r"(?:müssen|muss|möchten|möchte|wollen|will)\s+(?:\S+\s+){0,6}(?:absagen|stornieren|annullieren)",
    r"(?:sagen|sage)\s+(?:\S+\s+){0,4}ab",
    r"(?:stornieren|annullieren)\s+sie\s+(?:bitte\s+)?(?:unsere|die|meine|diese)",
    r"bitte\s+(?:\S+\s+){0,3}(?:stornieren|absagen|annullieren)",
    r"storniere\w*",
    r"abgesagt",
    r"findet\s+(?:\S+\s+){0,3}nicht\s+statt",
    r"(?:unsere|die|meine)\s+(?:stornierung|absage)",
)
# The terms or fees of a cancellation, and words that make the cancellation hypothetical.
_TERMS = re.compile(
    r"cancell?ation\s+(?:policy|policies|terms|conditions|fee|fees|rules)|storno\w*(?:bedingung|gebühr|regel|frist)\w*|"
    r"stornierungs\w+|annullations\w+"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|in\s+case|should\s+we|whether|what\s+happens|falls|wenn|sollten\s+wir|ob\s+wir|was\s+passiert|"
    r"was\s+geschieht|im\s+fall)\b"
)
_REPLACES = re.compile(
    r"\b(?:instead|rather|move|switch|postpone|reschedule|stattdessen|verschieben|umbuchen|lieber|anstatt)\b"
)
_PARTS = re.compile(
    r"cancel\s+(?:the|our)\s+(?:lunch|coffee|catering|dinner\s+menu|apéro\s+menu|drinks|extras?|projector|"
    r"microphone|mic|dj|band|photographer|\d)"
)


def wants_cancellation(text: str, sentences: tuple[Sentence, ...]) -> bool:
    """Whether a statement of the message calls off the booking (never a question, a condition or the terms)."""
    return bool(cancelling_sentences(text, sentences))


def cancelling_sentences(text: str, sentences: tuple[Sentence, ...]) -> list[tuple[int, int]]:
    """The spans of the statements that call off the booking: a date named there is never the event's."""
    spans: list[tuple[int, int]] = []
    for sentence in sentences:
        body = text[sentence.start:sentence.end]
        if sentence.question or _HYPOTHETICAL.search(body) or _REPLACES.search(body) or _PARTS.search(body):
            continue
        terms = [m.span() for m in _TERMS.finditer(body)]
        if any(not any(start < match.end() and match.start() < end for start, end in terms)
               for match in CANCEL.finditer(body)):
            spans.append((sentence.start, sentence.end))
    return spans
