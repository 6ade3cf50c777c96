"""Patterns built from the venue catalogue (products, rooms, topics, named windows), cached per catalogue."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding.model import TimeWindow
from venuedesk.understanding.per_venue import per_venue
from venuedesk.understanding.text import normalize
from venuedesk.understanding.times import named_window_pattern
from venuedesk.understanding.vocab import PEOPLE, UNITS

ROOM_WORDS: tuple[str, ...] = ("room", "raum", "saal", "zimmer", "salle", "sala", "hall")
_JOINER = re.compile(r"\s*(?:&|\+|\band\b|\bund\b)\s*")
_GAP = re.compile(r"[\s-]+")
_ENDINGS: tuple[str, ...] = ("es", "en", "s", "e", "n")

CatalogueKey = tuple[
    tuple[tuple[str, tuple[str, ...]], ...],  # products: id, terms
    tuple[tuple[str, tuple[str, ...]], ...],  # rooms: id, terms
    tuple[tuple[str, tuple[str, ...]], ...],  # knowledge: topic, keywords
    tuple[tuple[str, str, str, tuple[str, ...]], ...],  # windows: name, start, end, words
    tuple[tuple[str, tuple[str, ...]], ...],  # occasions: event type, words
]


@dataclass(frozen=True)
class Lexicon:
    """Compiled matchers for one catalogue; each pattern's group `t` is the matched term."""

    products: re.Pattern[str] | None
    product_by_term: dict[str, str]
    rooms: re.Pattern[str] | None
    room_by_term: dict[str, str]
    topics: re.Pattern[str] | None
    topic_by_term: dict[str, str]
    windows: tuple[tuple[re.Pattern[str], TimeWindow], ...]
    blocked_after: re.Pattern[str]  # what may not follow a bare number range for it to be a time
    occasions: re.Pattern[str] | None = None
    occasion_by_term: dict[str, str] = field(default_factory=dict)

    def product_id(self, matched: str) -> str | None:
        """The product id behind a matched product term."""
        return _lookup(self.product_by_term, matched)

    def room_id(self, matched: str) -> str | None:
        """The room id behind a matched room term."""
        return _lookup(self.room_by_term, matched)

    def occasion(self, matched: str) -> str | None:
        """The event type behind a matched occasion word."""
        return _lookup(self.occasion_by_term, matched)

    def topic(self, matched: str) -> str | None:
        """The knowledge topic behind a matched keyword."""
        return _lookup(self.topic_by_term, matched)


def _lookup(index: dict[str, str], matched: str) -> str | None:
    """Find a matched term in an index, trying it without a plural ending and with gaps closed."""
    key = _canonical(matched)
    for candidate in (key, *(key[: -len(end)] for end in _ENDINGS if key.endswith(end))):
        for variant in (candidate, candidate.replace(" ", "")):
            if variant in index:
                return index[variant]
    squeezed = key.replace(" ", "")
    for term, ident in index.items():
        if term.replace(" ", "") == squeezed:
            return ident
    return None


def _canonical(term: str) -> str:
    """A term as a lookup key: normalised, joiners and gaps unified, plural endings off."""
    key = _GAP.sub(" ", _JOINER.sub(" & ", normalize(term).text.strip()))
    return key


def _term_regex(term: str, *, inflect: bool) -> str:
    """A tolerant regex for one term: '&'/'and'/'und' and space/hyphen interchangeable, plural endings."""
    parts = []
    for piece in _JOINER.split(term):
        tokens = [re.escape(token) for token in _GAP.split(piece.strip()) if token]
        parts.append(r"[\s-]*".join(tokens))
    body = r"\s*(?:&|\+|and|und)\s*".join(parts)
    if inflect and len(term) >= 4 and term[-1].isalpha():
        body += r"(?:s|es|e|n|en)?"
    return body


def _alternation(terms: list[str], *, inflect: bool) -> re.Pattern[str] | None:
    """One pattern matching any term, longest first, on word boundaries."""
    if not terms:
        return None
    ordered = sorted(set(terms), key=len, reverse=True)
    body = "|".join(_term_regex(t, inflect=inflect) for t in ordered)
    return re.compile(rf"(?<![\w])(?P<t>{body})(?![^\W\d_])")


def _index(entries: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    """Map every canonical term to its id (first entry wins on a clash)."""
    index: dict[str, str] = {}
    for ident, terms in entries:
        for term in terms:
            index.setdefault(_canonical(term), ident)
    return index


def _room_terms(venue: Venue) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Room names, synonyms, ids and "Raum B"/"Saal B" variants of names like "Room B"."""
    entries = []
    for room in venue.rooms:
        terms = [room.name, *room.names.values(), room.id, *room.synonyms]
        head, _, tail = room.name.partition(" ")
        if tail and head.lower() in ROOM_WORDS:
            terms.extend(f"{word} {tail}" for word in ROOM_WORDS)
        entries.append((room.id, tuple(terms)))
    return tuple(entries)


def catalogue_key(venue: Venue) -> CatalogueKey:
    """A hashable summary of everything the understanding reads from a venue."""
    products = tuple((p.id, (*p.names.values(), *p.synonyms)) for p in venue.products)
    topics = tuple((k.topic, k.keywords) for k in venue.knowledge)
    windows = tuple(
        (w.name, w.start.strftime("%H:%M"), w.end.strftime("%H:%M"), w.words) for w in venue.policies.windows
    )
    occasions = tuple((item.id, item.words) for item in venue.event_types)
    return products, _room_terms(venue), topics, windows, occasions


@lru_cache(maxsize=16)
def _build(key: CatalogueKey) -> Lexicon:
    """Compile the matchers for one catalogue."""
    products, rooms, topics, windows, occasions = key

    def canon_terms(entries: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
        return [_canonical(t) for _, terms in entries for t in terms if t.strip()]

    product_pattern = _alternation(canon_terms(products), inflect=True)
    product_body = product_pattern.pattern if product_pattern is not None else r"(?!x)x"
    return Lexicon(
        products=product_pattern,
        product_by_term=_index(products),
        rooms=_alternation(canon_terms(rooms), inflect=False),
        room_by_term=_index(rooms),
        topics=_alternation(canon_terms(topics), inflect=True),
        topic_by_term=_index(topics),
        windows=tuple(
            (named_window_pattern(words), TimeWindow(start=start, end=end, named=name))
            for name, start, end, words in windows
        ),
        blocked_after=re.compile(rf"\s*(?:{PEOPLE}|{UNITS}|{product_body}|[^\W\d_]+\s+{PEOPLE})"),
        occasions=_alternation(canon_terms(occasions), inflect=True),
        occasion_by_term=_index(occasions),
    )


@per_venue
def lexicon_for(venue: Venue) -> Lexicon:
    """The compiled matchers for a venue's catalogue (built once per distinct catalogue, looked up once per Venue
    object)."""
    return _build(catalogue_key(venue))
