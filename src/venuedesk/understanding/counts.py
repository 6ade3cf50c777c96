"""Head counts ("30 people", "for 30", "wir sind 25", "a group of 30") and their problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.understanding.model import Problem
from venuedesk.understanding.text import Normalized
from venuedesk.understanding.vocab import PEOPLE, UNITS

_ABOUT = (
    r"(?:(?:about|around|approx\.?|approximately|roughly|up\s+to|some|max\.?|maximum|max|at\s+least|"
    r"ca\.?|circa|rund|etwa|ungefähr|ungefaehr|bis\s+zu|maximal|mindestens|knapp|gut|über|ueber|over|"
    r"exactly|genau|now|only|still|jetzt|nun|neu|doch|nur|noch|total|insgesamt)\s+)*"
)
_NUMBER = r"(?<![\d.,:/])(?P<neg>-\s*)?(?P<n>\d{1,4})(?![\d.,:]\d)"
_FOLLOW_OK = r"(?!\s*(?:[\d%]|" + UNITS + r"))"
# Words allowed right after a number that stands alone ("for 30 in March"), so "for 2 chairs" is not a count.
_FREE_NUMBER_END = (
    r"(?=\s*(?:$|[^\w\s]|(?:in|im|on|am|at|um|and|und|with|mit|please|bitte|from|von|vom|next|"
    r"this|during|ideally|idealerweise|or|oder|but|aber|we|wir|if|falls|wenn|sometime|then|dann|"
    r"now|jetzt|instead|stattdessen|rather|lieber|sein|be|of\s+us|total|insgesamt|"
    r"the|a|an|ein|eine|einen|an)\b))"
)

_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"{_NUMBER}(?:\s*(?:-|to|bis|or|oder)\s*(?P<n2>\d{{1,4}}))?\s*\+?\s*"
        rf"(?:(?:more|other|additional|extra|weitere|zusätzliche|external|externe|interne|internal|"
        rf"expected|erwartete)\s+)?{PEOPLE}"
    ),
    re.compile(rf"\b(?:for|für|fuer)\s+{_ABOUT}{_NUMBER}{_FOLLOW_OK}{_FREE_NUMBER_END}"),
    re.compile(
        rf"\b(?:make\s+it|change\s+(?:it\s+)?to|increase\s+to|reduce\s+to|neu|jetzt|nun)\s+{_ABOUT}{_NUMBER}"
        rf"{_FOLLOW_OK}{_FREE_NUMBER_END}"
    ),
    re.compile(rf"\b(?:a\s+)?(?:group|party|team)\s+of\s+{_ABOUT}{_NUMBER}{_FOLLOW_OK}"),
    re.compile(
        rf"\b(?:meeting|event|workshop|seminar|party|dinner|lunch|training|conference|reception|offsite)\s+"
        rf"(?:of|with)\s+{_ABOUT}{_NUMBER}{_FOLLOW_OK}{_FREE_NUMBER_END}"
    ),
    re.compile(rf"\b(?:gruppe|team)\s+(?:von|mit|aus)\s+{_ABOUT}{_NUMBER}{_FOLLOW_OK}"),
    re.compile(rf"{_NUMBER}er[-\s]?(?:gruppe|team)\b"),
    re.compile(
        rf"\b(?:we(?:'ll|\s+will|\s+would|\s+should|'d)\s+(?:now\s+|only\s+|still\s+)?be|we\s+are|we're|"
        rf"there\s+(?:will\s+be|are|would\s+be)|we\s+expect|expecting|headcount\s+(?:is|of)|"
        rf"head\s+count\s+(?:is|of))\s+{_ABOUT}{_NUMBER}{_FOLLOW_OK}{_FREE_NUMBER_END}"
    ),
    re.compile(
        rf"\bwir\s+(?:sind|werden|wären|waeren|sein\s+werden)\s+{_ABOUT}{_NUMBER}{_FOLLOW_OK}"
        rf"{_FREE_NUMBER_END}"
    ),
)


# A number right after "instead of" / "statt" is the old value, not the new count.
_REPLACED = re.compile(
    r"\b(?:instead\s+of|rather\s+than|statt|anstatt|anstelle\s+von|not|nicht|no\s+longer|"
    r"nicht\s+mehr|previously|bisher|vorher|originally|ursprünglich)\s+(?:(?:the|die|den)\s+)?$"
)


@dataclass
class CountFindings:
    """The head count (the last one written) and any problem with it."""

    participants: int | None = None
    problems: list[Problem] = field(default_factory=list)


def find_count(norm: Normalized, text: str) -> CountFindings:
    """Read the head count from the (masked) normalised text; the last count written wins."""
    hits: list[re.Match[str]] = []
    for pattern in _PATTERNS:
        hits.extend(m for m in pattern.finditer(text) if not _REPLACED.search(text, 0, m.start("n")))
    found = CountFindings()
    if not hits:
        return found
    last = max(hits, key=lambda m: m.start("n"))
    value = int(last.groupdict().get("n2") or last.group("n"))
    if last.group("neg"):
        found.problems.append(Problem(field="participants", code="negative", text=norm.source(*last.span())))
    elif value == 0:
        found.problems.append(Problem(field="participants", code="zero", text=norm.source(*last.span())))
    else:
        found.participants = value
    return found
