"""Money amounts ("CHF 2'000.-", "1.800 Franken", "€ 500") and percentages ("10 %", "zehn Prozent").

Both are found before head counts and dates are read, and their text is masked, so "can you do it for
CHF 1,800?" never becomes 1,800 guests and "10 % off" never a count (docs/design.md §4.13).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from venuedesk.understanding.vocab import PEOPLE, UNITS

_CURRENCY = r"(?:chf|sfr\.?|fr\.|franken|eur|euro|€|usd|\$)"
# 2'000 · 2,000 · 2.000 · 2 000 · 2000 · 1'800.50 · 1800.- · 1800,-
_AMOUNT = (
    r"(?P<num>\d{1,3}(?:(?:'|,|\.|\s)\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
    r"(?:\s*[.,]\s*-+|[.,]--)?"
)
_MONEY_FIRST = re.compile(rf"(?<![\w.,']){_CURRENCY}\s*{_AMOUNT}(?!\s*%)")
_MONEY_AFTER = re.compile(rf"(?<![\w.,']){_AMOUNT}\s*(?:{_CURRENCY}|francs?)(?![a-z])")
_PERCENT = re.compile(r"(?<![\w.,])(?P<num>\d{1,2}(?:[.,]\d{1,2})?)\s*(?:%|percent|per\s+cent|prozent|pct)(?!\w)")
# A bare number is money only where a price is being bargained: "go down to 1800", "for 1800 flat".
_BARE = re.compile(
    r"(?P<cue>(?:(?:go|come)\s+down\s+to|reduce(?:d)?\s+(?:it\s+)?to|do\s+it\s+for|runter\s+auf|"
    r"(?:could|can|would)\s+you\s+do|"
    r"budget\s+(?:is|of|von|ist|liegt\s+bei))(?:\s+(?:about|around|ca\.?|rund|etwa))?|for|für|auf|bei)"
    rf"\s+(?P<num>\d{{3,6}}|\d{{1,3}}(?:'\d{{3}})+)(?![\d'.,:]\d)(?!\s*(?:%|h\b|uhr|{PEOPLE}|{UNITS}))"
)
_PLAIN_CUES = frozenset({"for", "für", "auf", "bei"})
# After a plain "for"/"für"/"auf" a number is a price only when it ends the phrase: "for 1800?", not "for 150 in May".
_ENDS_PHRASE = re.compile(r"\s*(?:$|[?!;]|[.,](?!\d)|flat|total|all[\s-]in|in\s+total|pauschal|insgesamt)")
_PRICE_CONTEXT = re.compile(
    r"\b(?:price|pay|total|budget|cheaper|discount|flat|offer|preis|zahlen|budget|günstiger|billiger|rabatt|"
    r"pauschal|angebot|could\s+you\s+do|can\s+you\s+do|do\s+it\s+for|go\s+down|runter|total)\b"
)


AmountKind = Literal["money", "percent"]


@dataclass(frozen=True)
class Amount:
    """One amount or percentage, its value and where it stands in the normalised text."""

    kind: AmountKind
    value: Decimal
    start: int
    end: int


def _decimal(raw: str) -> Decimal | None:
    """The value of a written number: thousands separators dropped, a 1-2 digit tail read as decimals."""
    cleaned = raw.replace(" ", "").replace("'", "")
    tail = re.search(r"[.,](\d{1,2})$", cleaned)
    whole = cleaned[: tail.start()] if tail else cleaned
    whole = whole.replace(",", "").replace(".", "")
    try:
        return Decimal(f"{whole}.{tail.group(1)}") if tail else Decimal(whole)
    except InvalidOperation:
        return None


def find_amounts(text: str, sentence_bounds: list[tuple[int, int]]) -> list[Amount]:
    """Money amounts and percentages in normalised text, in order; bare numbers only in a price sentence."""
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    kinds: tuple[tuple[re.Pattern[str], AmountKind], ...] = (
        (_MONEY_FIRST, "money"), (_MONEY_AFTER, "money"), (_PERCENT, "percent")
    )
    for pattern, kind in kinds:
        for match in pattern.finditer(text):
            value = _decimal(match.group("num"))
            if value is not None and not _overlaps(match.span(), taken):
                found.append(Amount(kind, value, *match.span()))
                taken.append(match.span())
    for start, end in sentence_bounds:
        priced = any(start <= amount.start < end for amount in found if amount.kind == "money")
        if not priced and not _PRICE_CONTEXT.search(text, start, end):
            continue
        for match in _BARE.finditer(text, start, end):
            if match.group("cue") in _PLAIN_CUES and not _ENDS_PHRASE.match(text, match.end()):
                continue
            span = match.span("num")
            value = _decimal(match.group("num"))
            if value is not None and value >= 100 and not _overlaps(span, taken):
                found.append(Amount("money", value, *span))
                taken.append(span)
    return sorted(found, key=lambda amount: amount.start)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)
