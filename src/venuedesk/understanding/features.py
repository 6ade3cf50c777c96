"""Room features the client asks for ("with daylight", "we need a stage"): they rank rooms, never exclude them."""

from __future__ import annotations

import re
from functools import lru_cache

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding.sentences import Sentence, sentence_at

_QUANTITY = re.compile(r'^[\d"\'.,\s]+')


def feature_terms(venue: Venue) -> tuple[str, ...]:
    """The venue's room features without sizes or counts (`75" screen` → `screen`), longest first."""
    terms = {_QUANTITY.sub("", feature).strip().lower() for room in venue.rooms for feature in room.features}
    return tuple(sorted((term for term in terms if term), key=lambda term: (-len(term), term)))


@lru_cache(maxsize=16)
def _matcher(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(term) for term in terms) + r")\b")


def find_features(text: str, venue: Venue, sentences: tuple[Sentence, ...]) -> list[str]:
    """Features named outside pure questions, in order of mention, each once."""
    matcher = _matcher(feature_terms(venue))
    found: list[str] = []
    if matcher is None:
        return found
    for match in matcher.finditer(text):
        sentence = sentence_at(sentences, match.start())
        if sentence is not None and sentence.question and not sentence.request:
            continue
        if match.group(0) not in found:
            found.append(match.group(0))
    return found
