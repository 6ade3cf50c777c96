"""Room features the client asks for ("with daylight", "we need a stage"): they rank rooms, never exclude them."""

from __future__ import annotations

import re
from functools import lru_cache

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding.per_venue import per_venue
from venuedesk.understanding.sentences import Sentence, sentence_at

_QUANTITY = re.compile(r'^[\d"\'.,\s]+')


def _term(feature: str) -> str:
    return _QUANTITY.sub("", feature).strip().lower()


@per_venue
def feature_aliases(venue: Venue) -> dict[str, str]:
    """Every language's feature term mapped to the English one (`tageslicht` → `daylight`) that ranking matches."""
    aliases: dict[str, str] = {}
    for room in venue.rooms:
        for labels in (room.features, *room.feature_names.values()):
            for english, label in zip(room.features, labels, strict=False):
                if _term(label):
                    aliases.setdefault(_term(label), _term(english))
    return aliases


@per_venue
def feature_terms(venue: Venue) -> tuple[str, ...]:
    """The venue's room features in every language without sizes or counts (`75" screen` → `screen`), longest
    first."""
    terms = set(feature_aliases(venue))
    return tuple(sorted((term for term in terms if term), key=lambda term: (-len(term), term)))


@lru_cache(maxsize=16)
def _matcher(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(term) for term in terms) + r")\b")


def find_features(text: str, venue: Venue, sentences: tuple[Sentence, ...]) -> list[str]:
    """Features named outside pure questions, in order of mention, each once."""
    matcher = _matcher(feature_terms(venue))
    aliases = feature_aliases(venue)
    found: list[str] = []
    if matcher is None:
        return found
    for match in matcher.finditer(text):
        sentence = sentence_at(sentences, match.start())
        if sentence is not None and sentence.question and not sentence.request:
            continue
        term = aliases.get(match.group(0), match.group(0))
        if term not in found:
            found.append(term)
    return found
