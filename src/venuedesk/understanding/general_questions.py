"""Questions about the venue in general that mention a time of year ("is it warmer in June?", "do you close
over Christmas?", "Ist die Terrasse im Sommer offen?"): their month, season or holiday never dates the event."""

from __future__ import annotations

import re

from venuedesk.understanding.sentences import Sentence

# What the venue is like or whether it opens, not whether it is free for this event.
_CONDITION = re.compile(
    r"\b(?:warm\w*|wärmer|cold\w*|colder|kalt|kälter|weather|wetter|hot|heiss\w*|heiß\w*|sunny|sonnig\w*|"
    r"rain\w*|regn\w*|heat\w*|heizung|geheizt|beheizt|air\s*con\w*|klima\w*|cool|kühl\w*|open|opened|opening|offen|geöffnet|"
    r"close|closed|closing|geschlossen|shut|betriebsferien|ferien|holidays?|busy|crowded|voll)\b"
)
# Words that ask about this event's date after all: availability, booking, the client's own plans.
_FOR_THE_EVENT = re.compile(
    r"\b(?:free|available|availability|book\w*|reserv\w*|hold|option|slot|frei|verfügbar\w*|buch\w*|"
    r"termin\w*|could\s+we|can\s+we|shall\s+we|should\s+we|we'?d|we\s+would|our\s+event|our\s+\w+\s+event|"
    r"können\s+wir|könnten\s+wir|sollen\s+wir|wir\s+würden|wir\s+möchten|unser\w*\s+anlass|"
    r"unser\w*\s+event|for\s+us|für\s+uns)\b"
)


def general_question_spans(text: str, sentences: tuple[Sentence, ...]) -> list[tuple[int, int]]:
    """The spans of question sentences about the venue in general, whose vague dates are not the event's."""
    spans: list[tuple[int, int]] = []
    for sentence in sentences:
        if not sentence.question or sentence.request:
            continue
        if _CONDITION.search(text, sentence.start, sentence.end) and not _FOR_THE_EVENT.search(
            text, sentence.start, sentence.end
        ):
            spans.append((sentence.start, sentence.end))
    return spans
