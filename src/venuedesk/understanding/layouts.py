"""Seating layouts ("U-Form", "theatre", "Stehempfang") mapped to the canonical LAYOUTS names."""

from __future__ import annotations

import re

_LAYOUT_WORDS: tuple[tuple[str, str], ...] = (
    (
        "theatre",
        r"theat(?:re|er)(?:[\s-]*(?:style|seating|layout|setup|set-up|bestuhlung|stil))?|theaterbestuhlung|"
        r"reihenbestuhlung|stuhlreihen|in\s+rows|rows\s+of\s+chairs|cinema\s+style|kinobestuhlung|auditorium",
    ),
    (
        "classroom",
        r"class[\s-]*room(?:[\s-]*(?:style|seating|layout|setup))?|school[\s-]*style|schulbestuhlung|schulungsbestuhlung|"
        r"parlamentarisch(?:e|er|en)?(?:[\s-]*bestuhlung)?|parlamentsbestuhlung|seminarbestuhlung|"
        r"parlament(?:s)?[\s-]*(?:bestuhlung|stil|style|form|anordnung|setup|seating)",
    ),
    (
        "u_shape",
        r"u[\s-]*(?:shape|shaped|form|förmig|foermig|bestuhlung|layout|setup|set-up|tafel)\w*|"
        r"(?<=in\s)u(?=[\s,.!?]|$)|(?<=as\s)u(?=[\s,.!?]|$)|(?<=als\s)u(?=[\s,.!?]|$)|hufeisen\w*|horseshoe",
    ),
    (
        "boardroom",
        r"board[\s-]*room(?:[\s-]*(?:style|seating|layout|setup))?|board\s+meetings?|vorstandssitzung\w*|konferenz[\s-]*(?:bestuhlung|stil|"
        r"tisch|form|anordnung)\w*|blocktafel|block[\s-]*bestuhlung|conference[\s-]*(?:style|table)",
    ),
    (
        "banquet",
        r"banquet(?:[\s-]*(?:style|seating|layout|setup|tables))?|bankett\w*|gala[\s-]*(?:tables|tische|"
        r"dinner[\s-]*setup)|round\s+tables|runde[n]?\s+tische[n]?|dinner\s+seating",
    ),
    (
        "standing",
        r"standing(?:\s+(?:reception|event|apero|apéro|only))?|stehempfang|steh[\s-]*apéro|"
        r"steh[\s-]*apero|stehtische?|cocktail[\s-]*(?:style|reception|empfang)|stehend|flying\s+(?:dinner|buffet)|walking\s+dinner|stehdinner|stehlunch|"
        r"(?:im|in)\s+stehen",
    ),
)
_WORKSHOP = re.compile(
    r"(?<![\w])(?:workshop\w*|gruppentische|group\s+tables|cabaret(?:[\s-]*style)?)(?![\w])"
)
_NEGATED = re.compile(
    r"\b(?:not|nicht|no|kein\w*|instead\s+of|rather\s+than|statt|anstatt)\s+(?:(?:in|im|a|an|"
    r"the|als|as)\s+)?$"
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"(?<![\w])(?:{words})(?![\w])")) for name, words in _LAYOUT_WORDS
)


def find_layout(text: str) -> str | None:
    """The last layout named positively; "workshop" (also an event type) only when no other is named."""
    hits: list[tuple[int, str]] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if not _NEGATED.search(text, max(0, match.start() - 25), match.start()):
                hits.append((match.start(), name))
    if hits:
        return max(hits)[1]
    for match in _WORKSHOP.finditer(text):
        if not _NEGATED.search(text, max(0, match.start() - 25), match.start()):
            return "workshop"
    return None
