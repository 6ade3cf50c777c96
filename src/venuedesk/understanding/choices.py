"""Short answers that pick one of the options the desk last showed: "the second one", "die erste", "number 2".

Pure: the words give a position (1-based, -1 for the last) or "the cheapest", and what kind of option they
name when they do ("the first date", "den zweiten Raum"); `resolve_choice` maps them onto `MessageContext`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding.context import MessageContext

OptionKind = Literal["date", "room", "product"]
LAST = -1

_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
    "5th": 5, "last": LAST, "latter": LAST, "former": 1,
    "erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "funfte": 5, "letzte": LAST,
}
_KIND_WORDS: dict[str, OptionKind] = {
    "date": "date", "dates": "date", "day": "date", "termin": "date", "datum": "date", "tag": "date",
    "room": "room", "rooms": "room", "raum": "room", "saal": "room", "zimmer": "room",
    "menu": "product", "package": "product", "menü": "product", "menue": "product", "paket": "product",
    "catering": "product", "apéro": "product", "apero": "product", "lunch": "product",
}
_OPTION_NOUNS = r"one|option|choice|suggestion|proposal|variante|option|vorschlag|wahl|" + "|".join(
    re.escape(word) for word in _KIND_WORDS)
_GERMAN_ENDING = r"(?:[nmrs]|n)?"
_ORDINAL = (r"(?P<ord>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|latter|former|"
            rf"(?:erste|zweite|dritte|vierte|fünfte|funfte|letzte){_GERMAN_ENDING})")
# "the second one", "the first date", "die erste", "den zweiten Raum", "die letzte Option"
_PICK = re.compile(
    rf"\b(?:the|die|der|das|den|dem)\s+{_ORDINAL}(?:\s+(?P<noun>{_OPTION_NOUNS}))?(?![\w-])", re.IGNORECASE)
# "number 2", "option 3", "Nummer 2", "Variante 1", "no. 2", "#2"
_NUMBERED = re.compile(
    r"(?:\b(?:number|option|choice|nummer|variante|vorschlag|nr\.?|no\.)\s*|#)(?P<num>[1-9])\b(?![.:]\d)",
    re.IGNORECASE)
_CHEAPEST = re.compile(
    r"\b(?:the|die|der|das|den)\s+(?:cheaper|cheapest|less\s+expensive|least\s+expensive|günstigere|"
    r"günstigste|billigere|billigste|preiswertere|preiswerteste)[nmrs]?(?:\s+(?P<noun>" + _OPTION_NOUNS + r"))?\b",
    re.IGNORECASE)
# A reference to the one option shown: "that one", "this room", "the one you suggested", "dieser Termin", "nehmen
# wir den", "den Raum nehmen wir", "the room is fine". It picks only when exactly one option was shown.
_THAT_ONE = re.compile(
    rf"\b(?:that|this)\s+(?P<n1>{_OPTION_NOUNS})(?![\w-])|"
    r"\bthe\s+one\s+you\s+(?:suggested|proposed|offered|sent|mentioned|showed)\b|"
    rf"\bthe\s+(?P<n2>{_OPTION_NOUNS})\s+(?:is|works|suits|sounds|looks)\b|"
    rf"\b(?:diese[nrs]?|jene[nrs]?)\s+(?P<n3>{_OPTION_NOUNS})(?![\w-])|"
    r"\b(?:nehmen|buchen)\s+wir\s+(?:den|die|das|diesen|diese|dieses)\b(?!\s+\w+\s+(?:und|oder)\b)"
    r"(?=\s*(?:[.!,]|$|gerne|gern|doch|dann|so|bitte))|"
    rf"\b(?:den|die|das|diesen|diese|dieses)(?:\s+(?P<n4>{_OPTION_NOUNS}))?\s+(?:nehmen|buchen)\s+wir\b",
    re.IGNORECASE)
# "first of all", "erstens", "the first time", "the last event": no pick
_NOT_A_PICK = re.compile(
    r"\b(?:first|second)\s+of\s+all\b|\bthe\s+(?:first|last)\s+(?:time|event|year|week|month|mail|message|email)\b|"
    r"\bnot\s+the\s+\w+\s+one\b|\bnicht\s+die\s+\w+\b|\bnot\s+(?:that|this)\b|\bnicht\s+(?:diese[nrs]?|den|das)\b",
    re.IGNORECASE)
_MAX_PICK_WORDS = 30  # a pick is a short answer; a long mail that says "the first" means something else


@dataclass(frozen=True)
class Pick:
    """A short answer's pick: a position (1-based, LAST) or the cheapest, and the kind it names."""

    position: int | None
    cheapest: bool = False
    kind: OptionKind | None = None
    only_one: bool = False  # "that one": picks the option only when exactly one was shown


def find_pick(text: str) -> Pick | None:
    """The option a short answer picks by position or price, or None when it picks none."""
    if len(text.split()) > _MAX_PICK_WORDS or _NOT_A_PICK.search(text):
        return None
    match = _CHEAPEST.search(text)
    if match:
        return Pick(position=None, cheapest=True, kind=_kind(match.group("noun")))
    for match in _PICK.finditer(text):
        ordinal = match.group("ord").lower()
        if ordinal[0].isdigit() and not match.group("noun"):
            continue  # "the 2nd" alone is a day of the month, "the 2nd one" a pick
        base = next(word for word in sorted(_ORDINALS, key=len, reverse=True) if ordinal.startswith(word))
        return Pick(position=_ORDINALS[base], kind=_kind(match.group("noun")))
    match = _NUMBERED.search(text)
    if match:
        return Pick(position=int(match.group("num")))
    match = _THAT_ONE.search(text)
    if match:
        noun = next((word for word in match.groupdict().values() if word), None)
        return Pick(position=1, kind=_kind(noun), only_one=True)
    return None


def _kind(noun: str | None) -> OptionKind | None:
    return _KIND_WORDS.get(noun.lower()) if noun else None


@dataclass(frozen=True)
class Resolved:
    """What a pick (or a bare yes to a single option) names among the options last shown."""

    dates: tuple[date, ...] = ()
    rooms: tuple[str, ...] = ()
    products: tuple[str, ...] = ()


_ASKED_KIND: dict[str, OptionKind] = {"date": "date", "room": "room", "products": "product"}


def options_for(context: MessageContext, kind: OptionKind | None) -> tuple[OptionKind, tuple[object, ...]] | None:
    """The option list a short answer refers to: the kind it names, else what the desk asked, else the only list
    shown; None when it cannot be told."""
    lists: dict[OptionKind, tuple[object, ...]] = {
        "date": context.dates_shown, "room": context.rooms_shown, "product": context.products_shown}
    if kind is not None:
        return (kind, lists[kind]) if lists[kind] else None
    for asked in context.asked:
        asked_kind = _ASKED_KIND.get(asked)
        if asked_kind is not None and lists[asked_kind]:
            return asked_kind, lists[asked_kind]
    shown = [(name, items) for name, items in lists.items() if items]
    return shown[0] if len(shown) == 1 else None


def resolve_pick(pick: Pick, context: MessageContext, venue: Venue) -> Resolved | None:
    """The concrete option a pick names, or None when no list fits or the position is not on it."""
    found = options_for(context, pick.kind)
    if found is None:
        return None
    kind, items = found
    if pick.only_one and len(items) != 1:
        return None
    if pick.cheapest:
        chosen = _cheapest(kind, items, venue)
    elif pick.position == LAST:
        chosen = items[-1]
    elif pick.position is not None and 1 <= pick.position <= len(items):
        chosen = items[pick.position - 1]
    else:
        return None
    return None if chosen is None else _as_resolved(kind, chosen)


def resolve_assent(context: MessageContext) -> Resolved | None:
    """A bare yes ("ok", "passt") takes the option shown when exactly one was shown for what was asked."""
    found = options_for(context, None)
    if found is None or len(found[1]) != 1:
        return None
    return _as_resolved(found[0], found[1][0])


def _cheapest(kind: OptionKind, items: tuple[object, ...], venue: Venue) -> object | None:
    if kind == "room":
        rates = {room.id: room.full_day for room in venue.rooms}
        priced = [item for item in items if item in rates]
        return min(priced, key=lambda item: rates[str(item)]) if priced else None
    if kind == "product":
        prices = {product.id: product.price for product in venue.products}
        priced = [item for item in items if item in prices]
        return min(priced, key=lambda item: prices[str(item)]) if priced else None
    return None


def _as_resolved(kind: OptionKind, item: object) -> Resolved:
    if kind == "date":
        assert isinstance(item, date)
        return Resolved(dates=(item,))
    if kind == "room":
        return Resolved(rooms=(str(item),))
    return Resolved(products=(str(item),))
