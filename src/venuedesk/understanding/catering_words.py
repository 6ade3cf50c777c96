"""Food, drink and equipment words a client may ask for (EN, DE, Swiss German), so that an item the venue's
catalogue lacks ("Plättli", "wine") is asked about instead of dropped. A word the catalogue knows (a product
name or synonym, e.g. "Gipfeli" in the demo venue) is read as that product first and never reaches this list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.understanding.text import Normalized

CATERING_WORDS: tuple[str, ...] = (
    # Swiss German
    "plättli", "plaettli", "apero-plättli", "käseplättli", "fleischplättli", "gipfeli", "kafi", "znüni", "znueni",
    "zvieri", "zmorge", "zmittag", "znacht", "brötli", "sandwichli", "chüechli", "fondue", "raclette",
    # German
    "wein", "weisswein", "rotwein", "bier", "mineralwasser", "softgetränke", "süssgetränke", "saft",
    "orangensaft", "kuchen", "torte", "geburtstagstorte", "dessert", "dessertbuffet", "buffet", "fingerfood",
    "häppchen", "canapés", "sandwiches", "brötchen", "gebäck", "früchte", "glace", "glacé",
    "mikrofonständer", "rednerpult", "bühnenlicht", "lichtanlage",
    # English
    "platter", "platters", "cheese platter", "cheese platters", "charcuterie", "wine", "white wine", "red wine",
    "beer", "mineral water", "soft drinks", "soda", "juice", "orange juice", "cake", "birthday cake",
    "desserts", "dessert buffet", "buffet", "finger food", "canapes", "sandwiches", "pastries", "croissants",
    "fruit platter", "ice cream", "lectern", "stage lighting", "karaoke",
)
_PATTERN = re.compile(
    r"(?<![\w])(?P<t>"
    + "|".join(re.escape(word).replace(r"\ ", r"[\s-]+") for word in sorted(CATERING_WORDS, key=len, reverse=True))
    + r")(?![\w])"
)
_NEGATED = re.compile(
    r"\b(?:no|not|without|ohne|kein\w*|instead\s+of|statt|anstatt|don't\s+need|nicht)\s+(?:(?:any|the|a|an|"
    r"den|die|das|dem)\s+)?$"
)


@dataclass
class UnknownItems:
    """Items asked for that the catalogue does not have, as the client wrote them."""

    items: list[str] = field(default_factory=list)
    consumed: list[tuple[int, int]] = field(default_factory=list)


def find_unknown_items(text: str, norm: Normalized) -> UnknownItems:
    """Catering or equipment words left after the catalogue's products were read (`text` has them masked)."""
    found = UnknownItems()
    for match in _PATTERN.finditer(text):
        if _NEGATED.search(text, max(0, match.start() - 25), match.start()):
            continue
        written = norm.source(match.start(), match.end())
        if written.casefold() not in (item.casefold() for item in found.items):
            found.items.append(written)
        found.consumed.append((match.start(), match.end()))
    return found
