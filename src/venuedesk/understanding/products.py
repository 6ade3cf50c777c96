"""Products named in a message (from the catalogue), with quantities, removals and "no extras"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.understanding.lexicon import Lexicon
from venuedesk.understanding.model import ProductMention
from venuedesk.understanding.sentences import Sentence, sentence_at

_QTY_BEFORE = re.compile(
    r"(?<![\d.,:/-])(?P<n>\d{1,4})\s*(?:x|×)?\s*(?:(?:additional|extra|more|further|weitere|zusätzliche[n]?|"
    r"bottles?\s+of|flaschen|stück|pieces?\s+of|pcs|units?\s+of|sets?\s+of|glasses\s+of|gläser)\s+)*$"
)
_QTY_AFTER = re.compile(r"\s*(?:x|×|:)\s*(?P<n>\d{1,4})(?![\d.:])")
_REMOVE_BEFORE = re.compile(
    r"\b(?:without|no|not|remove|drop|skip|cancel|delete|exclude|take\s+out|take\s+off|minus|ohne|kein|keine|"
    r"keinen|keinem|streichen\s+sie|entfernen\s+sie|nicht\s+mehr|don't\s+need|do\s+not\s+need|no\s+need\s+for|"
    r"no\s+more|don't\s+want|do\s+not\s+want|no\s+longer\s+need|rather\s+not|instead\s+of|statt|anstatt|"
    r"anstelle\s+von)\s+(?:(?:the|any|a|an|our|den|die|das|dem|der|des|with)\s+)?(?:\d+\s*)?$"
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
    """A number said right before ("2 mics", "6 Flaschen") or after ("mic x 2") a product, and its span."""
    before = _QTY_BEFORE.search(text, max(0, start - 40), start)
    if before:
        return int(before.group("n")), before.start(), end
    after = _QTY_AFTER.match(text, end)
    if after:
        return int(after.group("n")), start, after.end()
    return None, start, end


def find_products(text: str, lexicon: Lexicon, sentences: tuple[Sentence, ...]) -> ProductFindings:
    """Read product mentions from the (masked) normalised text; questions only ask, they do not add."""
    found = ProductFindings(no_products=bool(_NONE.search(text)))
    if lexicon.products is None:
        return found
    previous_end = 0
    previous_removed = False
    for match in lexicon.products.finditer(text):
        product_id = lexicon.product_id(match.group("t"))
        if product_id is None:
            continue
        prefix = text[previous_end : match.start()]
        removed = bool(
            _REMOVE_BEFORE.search(prefix)
            or _REMOVE_AFTER.match(text, match.end())
            or (previous_removed and previous_end and _CARRY.fullmatch(prefix))
        )
        quantity, start, end = _quantity(text, match.start(), match.end())
        found.consumed.append((start, end))
        previous_end, previous_removed = match.end(), removed
        sentence = sentence_at(sentences, match.start())
        if removed:
            _append(found.removed, product_id)
        elif sentence is not None and sentence.pure_question:
            _append(found.asked, product_id)
        elif all(p.product_id != product_id for p in found.products):
            found.products.append(ProductMention(product_id=product_id, quantity=quantity))
    found.products = [p for p in found.products if p.product_id not in found.removed]
    return found


def _append(items: list[str], value: str) -> None:
    """Append once, keeping order."""
    if value not in items:
        items.append(value)
