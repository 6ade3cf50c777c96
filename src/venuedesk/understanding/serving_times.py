"""A part of the day said for a catering item names when it is served, not the event's window.

"Am Nachmittag hätten wir gern ein Zvieri" or "in the morning coffee and croissants, please" say when the snack
comes; the event's window is still to be asked. A part of the day in a sentence that also names the occasion or
the event itself ("a workshop in the afternoon with a coffee break") stays the window.
"""

from __future__ import annotations

import re

from venuedesk.understanding.sentences import Sentence
from venuedesk.understanding.vocab import PEOPLE

Span = tuple[int, int]
# Words that make the sentence about the event, not the food: then its part of the day is the event's window.
# The venue's event types ("workshop", "Tagung") come as the occasion's spans (its `event_types` words), head
# counts as the shared people nouns; these name the event, its room or its booking in general.
_EVENT_WORDS = re.compile(
    r"\b(?:event|meeting|seminar|session|training|anlass|veranstaltung|sitzung|schulung|kurs|room|raum|saal|"
    rf"booking|buchung|{PEOPLE})\b"
)


def serving_time_only(
    text: str, time_spans: list[Span], item_spans: list[Span], event_spans: list[Span],
    sentences: tuple[Sentence, ...],
) -> bool:
    """True when every time span lies in a sentence that names a catering item and neither the occasion nor
    the event (`event_spans`: the occasion, a room): the times say when the food is served."""
    if not time_spans or not item_spans:
        return False
    for start, end in time_spans:
        sentence = next((s for s in sentences if s.start <= start and end <= s.end), None)
        if sentence is None or not _inside(item_spans, sentence) or _inside(event_spans, sentence):
            return False
        if _EVENT_WORDS.search(text, sentence.start, sentence.end):
            return False
    return True


def _inside(spans: list[Span], sentence: Sentence) -> bool:
    return any(sentence.start <= start and end <= sentence.end for start, end in spans)
