"""Head counts ("30 people", "for 30", "wir sind 25", "a group of 30"), their problems and their confidence.

Side remarks ("three of us are vegan") never replace the count; absurd values are a problem to ask about;
ranges, sums and hedged numbers are read with a confidence (docs/understanding.md "Numbers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.understanding.count_words import (
    APPROXIMATE,
    BIG_NUMBER,
    CLAUSE_END,
    HEDGE,
    IMPLAUSIBLE_ABOVE,
    INCLUDING,
    MEMBERS,
    NARROW_RANGE,
    ORGANISATION_SIZE,
    PLUS_AFTER,
    PLUS_BEFORE,
    SIDE_REMARK,
    SUBSET_AFTER,
    SUBSET_BEFORE,
)
from venuedesk.understanding.model import FactConfidence, Problem
from venuedesk.understanding.text import Normalized
from venuedesk.understanding.vocab import PEOPLE, UNITS

_ABOUT = (
    r"(?:(?:about|around|approx\.?|approximately|roughly|up\s+to|some|max\.?|maximum|max|at\s+least|"
    r"ca\.?|circa|rund|etwa|ungefähr|ungefaehr|bis\s+zu|maximal|mindestens|knapp|gut|über|ueber|over|"
    r"exactly|genau|now|only|still|jetzt|nun|neu|doch|nur|noch|total|insgesamt|actually|really|eigentlich|"
    r"tatsächlich|wohl|maybe|perhaps|vielleicht|eventuell|(?:so\s+)?um\s+die|in\s+etwa)\s+)*"
)
_NUMBER = r"(?<![\d.,:/'])(?P<neg>-(?=\d))?(?P<n>\d{1,4})(?![\d.,:']\d)"
_FOLLOW_OK = r"(?!\s*(?:[\d%]|" + UNITS + r"))"
# Words allowed right after a number that stands alone ("for 30 in March"), so "for 2 chairs" is not a count.
_FREE_NUMBER_END = (
    r"(?=\s*(?:$|[^\w\s]|(?:in|im|on|am|at|um|and|und|with|mit|for|für|fuer|please|bitte|from|von|vom|next|"
    r"this|during|ideally|idealerweise|or|oder|but|aber|we|wir|if|falls|wenn|sometime|then|dann|"
    r"now|jetzt|instead|stattdessen|rather|lieber|sein|be|of\s+us|total|insgesamt|i\s+think|i'd\s+say|"
    r"ich\s+denke|thanks|thank|danke|merci|maybe|vielleicht|the|a|an|ein|eine|einen|an)\b))"
)
_ADVERBS = r"(?:(?:now|only|still|actually|really|definitely|probably|likely|then|in\s+fact|more\s+like)\s+)*"

_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"{_NUMBER}(?:\s*(?:-|to|bis|or|oder)\s*(?P<n2>\d{{1,4}}))?\s*\+?\s*"
        rf"(?:(?:more|other|additional|extra|weitere|zusätzliche|external|externe|interne|internal|"
        rf"expected|erwartete)\s+)?{PEOPLE}"
    ),
    re.compile(rf"\b(?:between|zwischen)\s+{_NUMBER}\s+(?:and|und)\s+(?P<n2>\d{{1,4}}){_FOLLOW_OK}"),
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
        rf"\b(?:we(?:'ll|\s+will|\s+would|\s+should|\s+might|\s+may|\s+could|'d)\s+{_ADVERBS}be|we\s+are|we're|"
        rf"there\s+(?:will\s+be|are|would\s+be)|we\s+expect|expecting|headcount\s+(?:is|of)|"
        rf"head\s+count\s+(?:is|of))\s+{_ABOUT}{_NUMBER}{_FOLLOW_OK}{_FREE_NUMBER_END}"
    ),
    re.compile(
        rf"\bwir\s+(?:sind|werden|wären|waeren|sein\s+werden)\s+{_ABOUT}{_NUMBER}{_FOLLOW_OK}"
        rf"{_FREE_NUMBER_END}"
    ),
)
# "a dozen of us", "five of us": the group's size, but only when no other count is written ("30 people, 10 of
# us from Zurich" is 30).
_OF_US = re.compile(rf"{_NUMBER}\s+(?:of\s+us|von\s+uns)\b")
# After "how many guests?" a number standing at the start of the answer or of a sentence is the count.
_ANSWER = re.compile(rf"(?:^|(?<=[.!?\n,;:]))\s*{_ABOUT}{_NUMBER}{_FOLLOW_OK}{_FREE_NUMBER_END}")
_IMPLAUSIBLE = (
    re.compile(rf"(?<![\w.,']){BIG_NUMBER}\s*(?:(?:more|other|additional|weitere)\s+)?{PEOPLE}"),
    re.compile(rf"\b(?:for|für|fuer|be|sind|werden|of|von)\s+{_ABOUT}{BIG_NUMBER}(?![\w.,']\d)"),
)

# How far before a number the words that disqualify it ("instead of", "davon") are looked for.
_LOOKBEHIND = 40
# A number right after "instead of" / "statt" is the old value, not the new count.
_REPLACED = re.compile(
    r"\b(?:instead\s+of|rather\s+than|statt|anstatt|anstelle\s+von|not|nicht|no\s+longer|"
    r"nicht\s+mehr|previously|bisher|vorher|originally|ursprünglich)\s+(?:(?:the|die|den)\s+)?$"
)


@dataclass
class CountFindings:
    """The head count (the last one written), any problem with it, and how sure the reading is."""

    participants: int | None = None
    problems: list[Problem] = field(default_factory=list)
    confidence: FactConfidence | None = None


def find_count(norm: Normalized, text: str, *, answers_count: bool = False) -> CountFindings:
    """Read the head count from the (masked) normalised text; the last count written wins.

    `answers_count`: the desk's last reply asked how many guests, so a bare number is the count.
    """
    found = CountFindings()
    big = _implausible(text)
    if big is not None:
        found.problems.append(Problem(field="participants", code="implausible", text=norm.source(*big)))
        return found
    patterns = (*_PATTERNS, _ANSWER) if answers_count else _PATTERNS
    hits = [m for pattern in patterns for m in pattern.finditer(text) if _is_head_count(text, m)]
    hits = hits or [m for m in _OF_US.finditer(text) if _is_head_count(text, m, subset_ok=True)]
    if not hits:
        return found
    last = max(hits, key=lambda m: m.start("n"))
    value, confidence = _value(text, last)
    if last.group("neg"):
        found.problems.append(Problem(field="participants", code="negative", text=norm.source(*last.span())))
    elif value == 0:
        found.problems.append(Problem(field="participants", code="zero", text=norm.source(*last.span())))
    elif value > IMPLAUSIBLE_ABOVE:
        found.problems.append(Problem(field="participants", code="implausible", text=norm.source(*last.span())))
    else:
        found.participants = value
        found.confidence = confidence
    return found


def _implausible(text: str) -> tuple[int, int] | None:
    """The span of a huge count ("1e6 people", "100'000 Gäste", "for 1,000,000"), if one is written."""
    for pattern in _IMPLAUSIBLE:
        for match in pattern.finditer(text):
            digits = re.sub(r"[^\de]", "", match.group("big"))
            if "e" in digits or int(digits or 0) > IMPLAUSIBLE_ABOVE:
                return match.span()
    return None


def _is_head_count(text: str, match: re.Match[str], *, subset_ok: bool = False) -> bool:
    """Whether a number hit is the group's size: not an old value, not a part of the group, not the size of the
    client's organisation, no side remark."""
    start, end = match.start("n"), match.end()
    window = max(0, start - _LOOKBEHIND)
    if _REPLACED.search(text, window, start) or SUBSET_BEFORE.search(text, window, start):
        return False
    if ORGANISATION_SIZE.search(text, window, start) and MEMBERS.match(text, match.end("n")):
        return False
    if not subset_ok and SUBSET_AFTER.match(text, match.end("n")):
        return False
    boundary = CLAUSE_END.search(text, end)
    clause_end = boundary.start() if boundary else len(text)
    remark = SIDE_REMARK.search(text, end, clause_end)
    return remark is None or INCLUDING.search(text, end, remark.start()) is not None


def _sentence(text: str, position: int) -> tuple[int, int]:
    """The bounds of the sentence around `position`."""
    starts = [m.end() for m in re.finditer(r"[.!?\n]\s", text[:position])]
    stop = re.compile(r"[.!?\n](?:\s|$)").search(text, position)
    return (starts[-1] if starts else 0), (stop.start() if stop else len(text))


def _value(text: str, match: re.Match[str]) -> tuple[int, FactConfidence | None]:
    """The count a hit means and, when it is unsure, why: a wide or hedged range, a sum, a hedge."""
    value = int(match.group("n"))
    upper = match.groupdict().get("n2")
    reasons: list[str] = []
    plus = PLUS_BEFORE.search(text, max(0, match.start("n") - _LOOKBEHIND), match.start("n"))
    if upper is not None:
        low, value = value, int(upper)
        approximate = APPROXIMATE.search(text, max(0, match.start("n") - _LOOKBEHIND), match.start("n")) is not None
        if value > low * NARROW_RANGE or approximate:
            reasons.append("range")
    elif plus is not None:
        value += int(plus.group("a"))
        reasons.append("sum")
    elif (added := PLUS_AFTER.match(text, match.end())) is not None:
        value += int(added.group("b"))
        reasons.append("sum")
    start, end = _sentence(text, match.start("n"))
    if HEDGE.search(text, start, end):
        reasons.append("hedged")
    if not reasons:
        return value, None
    return value, FactConfidence(fact="participants", score=0.5, reason=", ".join(reasons))
