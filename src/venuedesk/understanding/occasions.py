"""The occasion a message names ("a dinner for 40", "Weihnachtsessen", "lunch meeting"), from the venue's
event types: it implies a layout and a meal, and is never itself an order (docs/understanding.md).

A word that is both an occasion and a product synonym ("dinner", "Apéro", "lunch") names the occasion unless
the message orders it: after "with", "inkl.", "followed by", in a list after another product, bare after
"we'd like", or followed by "for everyone" / "für alle". A longer product name around it ("Apéro riche",
"three-course dinner") is an order of that product; the occasion still counts for the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.understanding.lexicon import Lexicon
from venuedesk.understanding.sentences import Sentence, sentence_at

_ARTICLE = r"(?:a|an|the|some|our|ein|eine|einen|einem|einer|eines|den|dem|das|der|die|des|unser\w*)"
_ORDER_BEFORE = re.compile(
    r"(?:\bwith|\bmit|\bplus|\bincl\.?|\bincluding|\binklusive|\binkl\.?|\badd|\badding|\bdazu|\bfollowed\s+by|"
    r"\bgefolgt\s+von|\bthen|\bdanach|\banschliessend|\bafterwards|\bas\s+well\s+as|\bsowie|\bsamt)\s+"
    rf"(?:{_ARTICLE}\s+)?$"
)
_ORDER_VERB = re.compile(
    r"\b(?:add|adding|include|including|order|serve|provide|put|hinzufügen|bestellen|servieren|dazu\w*|"
    r"einplanen)\b"
)
_WANT_BEFORE = re.compile(
    r"\b(?:like|want|need|order|prefer|bestellen|möchten|hätten\s+gerne?|wünschen|brauchen|nehmen)\s+$"
)
_ORDER_AFTER = re.compile(
    r"\s*(?:for\s+(?:everyone|everybody|all|each|every\s+\w+|the\s+whole\s+\w+|all\s+(?:the\s+|our\s+)?\w+)|"
    r"für\s+(?:alle\w*|jede\w*|die\s+ganze\w*)|(?:is\s+)?included|p\.?\s?p\.?(?![\w])|pro\s+person|per\s+person|"
    r"x\s*\d)"
)
_CONTEXT_BEFORE = re.compile(
    rf"\b(?:after|before|following|nach|vor|im\s+anschluss\s+an|during|während)\s+(?:{_ARTICLE}\s+)?$"
)
_NEGATED = re.compile(
    rf"\b(?:not|no|nicht|kein\w*|instead\s+of|rather\s+than|statt|anstatt|anstelle)\s+(?:(?:{_ARTICLE}|als|as)\s+)?$"
)
_FOR_OCCASION = re.compile(rf"\b(?:for|für)\s+(?:{_ARTICLE}\s+)?$")
_OCCASION_FOR = re.compile(r"\s+(?:for|für)\b")
_BRACKET = re.compile(r"\s*\(\s*")
_CLAUSE = re.compile(r"[.!?;:\n]")


@dataclass
class Occasion:
    """The event type the message names (None: none) and the spans read as the occasion, never as an order."""

    event_type: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)


def _clause_start(text: str, start: int) -> int:
    """Where the clause holding `start` begins (after the last sentence mark before it)."""
    marks = list(_CLAUSE.finditer(text, max(0, start - 80), start))
    return marks[-1].end() if marks else max(0, start - 80)


def _enclosing_product(text: str, lexicon: Lexicon, start: int, end: int) -> tuple[int, int]:
    """The span of a longer product name around an occasion word ("three-course dinner"), else the word's own."""
    if lexicon.products is None:
        return start, end
    for match in lexicon.products.finditer(text, max(0, start - 40), min(len(text), end + 40)):
        if match.start() <= start and match.end() >= end:
            return match.start(), match.end()
    return start, end


def ordered(text: str, lexicon: Lexicon, start: int, end: int) -> bool:
    """Whether the words at start..end are ordered as catering rather than named as the occasion."""
    prefix = text[_clause_start(text, start) : start]
    if _ORDER_BEFORE.search(prefix) or _WANT_BEFORE.search(prefix) or _ORDER_VERB.search(prefix):
        return True
    if lexicon.products is not None and re.search(
        rf"(?:{lexicon.products.pattern}).*(?:,|&|\+|/|\band|\bund|\bor|\boder)\s*(?:{_ARTICLE}\s+)?$", prefix
    ):
        return True
    return bool(_ORDER_AFTER.match(text, end))


def find_occasion(text: str, lexicon: Lexicon, sentences: tuple[Sentence, ...] = ()) -> Occasion:
    """The first occasion named positively (one after "after the …" only when no other), and every occasion span.

    Once an occasion is named, a later word of another occasion that is also a product ("workshop … einen
    Zmittag") is an order, not a second occasion. In a question such a word is read as a product (asked
    about, or ordered by a request: "Do you offer lunch?"), unless the question is for the occasion ("Is
    Room C free for a dinner …?", "an apéro for 35 on 26 March?").
    """
    found = Occasion()
    if lexicon.occasions is None:
        return found
    context: str | None = None
    previous_end = -1
    for match in lexicon.occasions.finditer(text):
        event_type = lexicon.occasion(match.group("t"))
        if event_type is None:
            continue
        start, end = match.start(), match.end()
        prefix = text[max(0, start - 30) : start]
        in_brackets = previous_end >= 0 and bool(_BRACKET.fullmatch(text, previous_end, start))
        previous_end = end
        if _NEGATED.search(prefix) or in_brackets:  # "Apéro (Apéro classic)": the bracket names the product
            continue
        outer_start, outer_end = _enclosing_product(text, lexicon, start, end)
        if ordered(text, lexicon, outer_start, outer_end):
            continue
        is_product = lexicon.products is not None and lexicon.products.fullmatch(match.group("t")) is not None
        if is_product and found.event_type not in (None, event_type):
            continue
        sentence = sentence_at(sentences, start)
        asked = sentence is not None and sentence.question
        for_occasion = bool(_FOR_OCCASION.search(text[max(0, outer_start - 30) : outer_start])
                            or _OCCASION_FOR.match(text, outer_end))
        if is_product and asked and not for_occasion:
            continue
        found.spans.append((start, end))
        if _CONTEXT_BEFORE.search(text[max(0, outer_start - 30) : outer_start]):
            context = context or event_type
        elif found.event_type is None:
            found.event_type = event_type
    found.event_type = found.event_type or context
    return found
