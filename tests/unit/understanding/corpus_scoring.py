"""Scoring of the understanding corpora (tests/corpora/*.yaml): accuracy per fact, and the "never" rules."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from venuedesk.understanding import Understanding

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
BILLING_PARTS = ("company", "name", "street", "postal_code", "city", "country")


def load(name: str) -> list[dict[str, Any]]:
    """One corpus file: a list of {text, expect}."""
    return yaml.safe_load((CORPORA / name).read_text(encoding="utf-8"))


@dataclass
class Score:
    """Hits and misses per fact name; a miss keeps the message and what was found, for the report."""

    hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def check(self, fact: str, text: str, expected: Any, found: Any) -> None:
        if expected == found:
            self.hits[fact] += 1
        else:
            self.misses[fact].append(f"{text!r}: expected {expected!r}, found {found!r}")

    def accuracy(self, fact: str) -> float:
        total = self.hits[fact] + len(self.misses[fact])
        return self.hits[fact] / total if total else 1.0

    def facts(self) -> list[str]:
        return sorted(set(self.hits) | set(self.misses))

    def report(self) -> str:
        lines = [f"{fact}: {self.accuracy(fact):.1%} of {self.hits[fact] + len(self.misses[fact])}" for fact in self.facts()]
        for fact in self.facts():
            lines.extend(f"  MISS {fact} {miss}" for miss in self.misses[fact])
        return "\n".join(lines)


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def score_never_rules(score: Score, text: str, expect: dict[str, Any], found: Understanding) -> None:
    """Dates and head counts only where the corpus says so: money, payments and addresses are never either."""
    dates = [value.isoformat() for value in found.dates]
    if found.span:
        dates += [found.span.start.isoformat(), found.span.end.isoformat()]
    if found.day_of_month and found.day_of_month != expect.get("day_of_month"):
        dates.append(f"day {found.day_of_month}")
    if found.vague:
        dates.append("vague")
    score.check("never:date", text, expect.get("dates", []), dates)
    score.check("never:participants", text, expect.get("participants"), found.participants)


def score_negotiation(score: Score, item: dict[str, Any], found: Understanding) -> None:
    """Stance, strength, the counter's numbers and the intents of one message."""
    text, expect = item["text"], item["expect"]
    negotiation = found.negotiation
    if "stance" in expect:
        score.check("stance", text, expect["stance"], negotiation.stance if negotiation else None)
    if expect.get("stance") == "accept":
        score.check("strength", text, expect.get("strength"), negotiation.strength if negotiation else None)
    if "day_of_month" in expect:
        score.check("day_of_month", text, expect["day_of_month"], found.day_of_month)
    if "conditional" in expect:
        score.check("conditional", text, expect["conditional"], bool(negotiation and negotiation.conditional))
    if expect.get("stance") == "counter":
        for key in ("discount_percent", "discount_amount", "target_total"):
            score.check(key, text, _number(expect.get(key)), getattr(negotiation, key, None))
    for intent in expect.get("intents", []):
        score.check("intent present", text, True, intent in found.intents)
    for intent in expect.get("not_intents", []):
        score.check("intent absent", text, False, intent in found.intents)
    score_never_rules(score, text, expect, found)


def score_billing(score: Score, item: dict[str, Any], found: Understanding) -> None:
    """Each address part, what is missing, and the other facts of one message."""
    text, expect = item["text"], item["expect"]
    wanted = expect.get("billing")
    if wanted is None:
        score.check("never:address", text, None, found.billing)
    else:
        got = found.billing.model_dump() if found.billing else {}
        for part in BILLING_PARTS:
            expected = None if wanted.get(part) is None else str(wanted[part])
            score.check(f"billing.{part}", text, expected, got.get(part))
    if "missing" in expect:
        score.check("missing", text, expect["missing"], found.billing.missing() if found.billing else None)
    score.check("never:rooms", text, expect.get("rooms", []), found.rooms)
    score.check("never:products", text, sorted(expect.get("products", [])),
                sorted(p.product_id for p in found.products))
    score_never_rules(score, text, expect, found)
