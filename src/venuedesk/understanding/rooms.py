"""Rooms named in a message (from the catalogue), chosen or rejected."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.understanding.lexicon import Lexicon
from venuedesk.understanding.sentences import Sentence, sentence_at
from venuedesk.understanding.text import Normalized

_REJECT_BEFORE = re.compile(
    r"\b(?:not|nicht|no|kein\w*|instead\s+of|rather\s+than|statt|anstatt|anstelle\s+von|except|ausser|außer|"
    r"other\s+than|but\s+not|aber\s+nicht|don't\s+want|do\s+not\s+want)\s+(?:(?:in|im|the|den|dem|das|der|die)\s+)?$"
)
_REJECT_AFTER = re.compile(
    r"\s*(?:is|ist|was|war|would\s+be|wäre)\s+(?:(?:leider|unfortunately|definitely|clearly|eindeutig)\s+)?"
    r"(?:too\s+\w+|zu\s+\w+|not\s+(?:suitable|an\s+option|ok|okay|good)|nicht\s+(?:geeignet|passend|gut|ideal))"
)
# Words that may follow a lower-case "room a" when "a" is the room letter rather than an article.
_AFTER_LETTER_OK = frozenset(
    {
        "please",
        "bitte",
        "is",
        "ist",
        "for",
        "für",
        "and",
        "und",
        "or",
        "oder",
        "would",
        "works",
        "passt",
        "instead",
        "then",
        "dann",
        "on",
        "am",
        "if",
        "with",
        "mit",
    }
)
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


@dataclass
class RoomFindings:
    """Rooms named positively and rejected, and whether a positive naming was a choice (not a question)."""

    rooms: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    chosen: bool = False
    consumed: list[tuple[int, int]] = field(default_factory=list)


def _looks_like_article(norm: Normalized, text: str, start: int, end: int) -> bool:
    """True for "book a room a few weeks ahead": a lower-case trailing "a" followed by an ordinary word."""
    written = norm.source(start, end)
    if not written.endswith("a"):
        return False
    if re.match(r"\.[^\W\d_]", text[end : end + 2]):
        return True
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1) not in _AFTER_LETTER_OK


def find_rooms(
    norm: Normalized, text: str, lexicon: Lexicon, sentences: tuple[Sentence, ...]
) -> RoomFindings:
    """Read room mentions from the (masked) normalised text."""
    found = RoomFindings()
    if lexicon.rooms is None:
        return found
    for match in lexicon.rooms.finditer(text):
        room_id = lexicon.room_id(match.group("t"))
        if room_id is None or _looks_like_article(norm, text, *match.span()):
            continue
        found.consumed.append(match.span())
        prefix = text[max(0, match.start() - 30) : match.start()]
        if _REJECT_BEFORE.search(prefix) or _REJECT_AFTER.match(text, match.end()):
            if room_id not in found.rejected:
                found.rejected.append(room_id)
            continue
        if room_id not in found.rooms:
            found.rooms.append(room_id)
        sentence = sentence_at(sentences, match.start())
        if sentence is None or not sentence.pure_question:
            found.chosen = True
    found.rooms = [r for r in found.rooms if r not in found.rejected]
    return found
