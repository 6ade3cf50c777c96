"""Products named in a message (from the catalogue), with quantities, removals and "no extras"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.understanding.lexicon import Lexicon
from venuedesk.understanding.model import ProductMention
from venuedesk.understanding.sentences import Sentence, sentence_at

# A quantity in words that no number library reads as one: "a dozen bottles of prosecco" (value per phrase).
QUANTITY_IDIOMS: dict[str, int] = {
    "half a dozen": 6, "a half dozen": 6, "ein halbes dutzend": 6, "einem halben dutzend": 6,
    "a dozen": 12, "one dozen": 12, "1 dozen": 12, "ein dutzend": 12, "einem dutzend": 12, "1 dutzend": 12,
    "a couple of": 2, "a pair of": 2,
}
_IDIOM = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in sorted(QUANTITY_IDIOMS, key=len, reverse=True))
_QTY_UNIT = (
    r"(?:additional|extra|more|further|weitere|zusätzliche[n]?|bottles?(?:\s+of)?|flaschen|stück|stk\.?|"
    r"pieces?(?:\s+of)?|pcs\.?|units?(?:\s+of)?|sets?(?:\s+of)?|glasses(?:\s+of)?|gläser|of)"
)
_QTY_BEFORE = re.compile(
    rf"(?<![\d.,:/-])(?:(?P<idiom>{_IDIOM})|(?P<n>\d{{1,4}})(?:\s+(?P<dozens>dozen|dutzend))?)"
    rf"\s*(?:x|×)?\s*(?:{_QTY_UNIT}\s+)*$"
)
# Units that make a number after a product its quantity without brackets: "Champagner 3 Flaschen".
_CONTAINER = r"(?:bottles?|flaschen|stück|stk\.?|pieces?|pcs\.?|units?|glasses|gläser)(?![^\W\d_])"
_QTY_AFTER = re.compile(
    r"\s*(?:(?:x|×|:)\s*(?P<n>\d{1,4})(?!\d|[.:]\d)|"
    rf"\(\s*(?:x|×)?\s*(?P<bracket>\d{{1,4}})\s*(?:x|×|{_QTY_UNIT})?\s*\)|"
    rf"(?<![^\W\d_])(?P<unit_n>\d{{1,4}})\s*{_CONTAINER})"
)
_ALIAS_OPEN = re.compile(r"\s*\(\s*(?:i\.\s?e\.\s*|d\.\s?h\.\s*|=\s*)?")
_ALIAS_CLOSE = re.compile(r"\s*\)")
_REMOVE_BEFORE = re.compile(
    r"\b(?:without|no|not|remove|drop|skip|cancel|delete|exclude|take\s+out|take\s+off|minus|ohne|kein|keine|"
    r"keinen|keinem|streichen\s+sie|entfernen\s+sie|nicht\s+mehr|don't\s+need|do\s+not\s+need|no\s+need\s+for|"
    r"no\s+more|don't\s+want|do\s+not\s+want|no\s+longer\s+need|rather\s+not|instead\s+of|statt|anstatt|"
    r"anstelle\s+von)\s+(?:(?:the|any|a|an|our|den|die|das|dem|der|des|with|ein|eine|einen|einem|einer|eines)\s+)?"
    r"(?:\d+\s*)?$"
)
_REMOVE_AFTER = re.compile(
    r"\s*(?:(?:bitte|please|doch)\s+)*(?:streichen|entfernen|weglassen|rausnehmen|raus\b|is\s+no\s+longer\s+needed|"
    r"isn't\s+needed|is\s+not\s+needed|not\s+needed|no\s+longer\s+needed|nicht\s+nötig|nicht\s+mehr|"
    r"brauchen\s+wir\s+(?:doch\s+)?nicht|can\s+go|is\s+cancelled|wird\s+nicht\s+benötigt|fällt\s+weg|entfällt)"
)
_CARRY = re.compile(r"\s*(?:and|und|or|oder|nor|noch|&|/|\+)\s*(?:(?:the|den|die|das|dem)\s+)?$")
_NONE = re.compile(
    r"\b(?:no\s+(?:catering|extras?|add-?ons?|products?|food|drinks|additional\s+\w+|further\s+\w+|other\s+"
    r"(?:products|services|extras)|services)|nothing\s+(?:else|more|further|additional)|that's\s+all|"
    r"that\s+is\s+all|that\s+will\s+be\s+all|just\s+the\s+room|only\s+the\s+room|room\s+only|"
    r"without\s+(?:any\s+)?(?:catering|extras|add-?ons)|(?:don't|do\s+not)\s+need\s+(?:any\s+)?(?:catering|extras|"
    r"anything\s+else)|ohne\s+(?:verpflegung|catering|extras|zusatzleistungen|essen|zusätze)|keine?n?\s+(?:extras|"
    r"verpflegung|catering|zusatzleistungen|zusätze|weiteren\s+\w+|produkte)|nichts\s+(?:weiter|weiteres|mehr|"
    r"anderes|zusätzliches)|sonst\s+nichts|das\s+ist\s+alles|das\s+wäre\s+alles|das\s+war's|"
    r"nur\s+(?:den|der)\s+raum)(?![^\W\d_])"
)


@dataclass
class ProductFindings:
    """Products to add, to remove, only asked about, and whether the client wants none."""

    products: list[ProductMention] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    no_products: bool = False
    consumed: list[tuple[int, int]] = field(default_factory=list)


def _quantity(text: str, start: int, end: int) -> tuple[int | None, int, int]:
    """A number said before ("2 mics", "ein Dutzend Flaschen Prosecco") or after ("mic x 2", "Prosecco (12
    Flaschen)", "Champagner 3 Flaschen") a product, and the span of the product with it."""
    before = _QTY_BEFORE.search(text, max(0, start - 40), start)
    if before:
        if before.group("idiom"):
            return QUANTITY_IDIOMS[" ".join(before.group("idiom").split())], before.start(), end
        factor = 12 if before.group("dozens") else 1
        return int(before.group("n")) * factor, before.start(), end
    after = _QTY_AFTER.match(text, end)
    if after:
        return int(after.group("n") or after.group("bracket") or after.group("unit_n")), start, after.end()
    return None, start, end


def _alias_of(text: str, previous: re.Match[str] | None, match: re.Match[str]) -> bool:
    """Whether `match` is another name in brackets for the product just named: "Kaffeepause (Coffee & snacks)"."""
    if previous is None:
        return False
    opening = _ALIAS_OPEN.match(text, previous.end())
    return bool(opening and opening.end() == match.start() and _ALIAS_CLOSE.match(text, match.end()))


def find_products(
    text: str, lexicon: Lexicon, sentences: tuple[Sentence, ...], occasions: list[tuple[int, int]] | None = None
) -> ProductFindings:
    """Read product mentions from the (masked) normalised text; questions only ask, they do not add.

    Words inside `occasions` name the event ("lunch meeting"), not an order; a product named again in brackets
    is one product (the bracketed, more exact name wins).
    """
    found = ProductFindings(no_products=bool(_NONE.search(text)))
    if lexicon.products is None:
        return found
    previous_end = 0
    previous_removed = False
    previous: re.Match[str] | None = None
    for match in lexicon.products.finditer(text):
        product_id = lexicon.product_id(match.group("t"))
        if product_id is None:
            continue
        if any(start <= match.start() and match.end() <= end for start, end in occasions or ()):
            continue
        prefix = text[previous_end : match.start()]
        removed = bool(
            _REMOVE_BEFORE.search(prefix)
            or _REMOVE_AFTER.match(text, match.end())
            or (previous_removed and previous_end and _CARRY.fullmatch(prefix))
        )
        quantity, start, end = _quantity(text, match.start(), match.end())
        found.consumed.append((start, end))
        alias = _alias_of(text, previous, match)
        previous_end, previous_removed, previous = match.end(), removed, match
        sentence = sentence_at(sentences, match.start())
        if removed:
            _append(found.removed, product_id)
        elif sentence is not None and sentence.pure_question:
            _append(found.asked, product_id)
        elif alias and found.products:
            named = found.products.pop()
            found.products = [p for p in found.products if p.product_id != product_id]
            found.products.append(ProductMention(product_id=product_id, quantity=named.quantity or quantity))
        elif all(p.product_id != product_id for p in found.products):
            found.products.append(ProductMention(product_id=product_id, quantity=quantity))
    found.products = [p for p in found.products if p.product_id not in found.removed]
    return found


def _append(items: list[str], value: str) -> None:
    """Append once, keeping order."""
    if value not in items:
        items.append(value)
