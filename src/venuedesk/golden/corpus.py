"""The understanding corpus (tests/understanding/corpus): realistic messages with the facts each must yield.

One entry is `{id, text, context?, expect, known_miss?}`; `expect` names, per fact type, the value the
understanding must give, `ask` (the desk must ask: no value, or one read with low confidence, or a
problem on that field) or null (nothing may be found). Count, date, window, layout, products and room
default to null: a fact the entry does not list is a wrong fact when found (the "never" rule). Intents
and language are scored only when listed. See docs/understanding.md "Measuring understanding".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding.context import MessageContext
from venuedesk.understanding.engine import understand
from venuedesk.understanding.model import FactName, ProblemField, Understanding

TODAY = date(2026, 2, 2)  # a Monday; every corpus entry is read on this day
FACT_TYPES = ("count", "date", "window", "layout", "products", "room", "intent", "language")
ASK = "ask"
_CONFIDENCE: dict[str, FactName] = {"count": "participants", "date": "dates", "window": "window",
                                    "layout": "layout", "products": "products", "room": "rooms"}
_PROBLEM: dict[str, ProblemField] = {"count": "participants", "date": "date", "window": "time"}


@dataclass
class Tally:
    """Precision and recall counts of one fact type."""

    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    true_neg: int = 0
    wrong_where_ask: int = 0  # a confident value where the truth was "ask": never allowed

    @property
    def precision(self) -> float:
        judged = self.true_pos + self.false_pos
        return 1.0 if judged == 0 else self.true_pos / judged

    @property
    def recall(self) -> float:
        wanted = self.true_pos + self.false_neg
        return 1.0 if wanted == 0 else self.true_pos / wanted

    @property
    def cases(self) -> int:
        return self.true_pos + self.false_pos + self.false_neg + self.true_neg


@dataclass
class Miss:
    """One fact of one entry read wrongly."""

    entry: str
    fact: str
    expected: Any
    got: Any


@dataclass
class CorpusScore:
    """Tallies per fact type and the misses behind them."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {fact: Tally() for fact in FACT_TYPES})
    misses: list[Miss] = field(default_factory=list)

    def add(self, entry: dict[str, Any], reading: Understanding, venue: Venue) -> list[Miss]:
        """Score one entry; return its misses."""
        found: list[Miss] = []
        for fact in FACT_TYPES:
            expected = expected_value(entry, fact)
            if expected is _UNSCORED:
                continue
            got = reading_value(reading, fact, venue)
            if not self._judge(fact, expected, got, reading):
                unsure = fact in _CONFIDENCE and got is not None and reading.unsure(_CONFIDENCE[fact])
                found.append(Miss(str(entry.get("id", entry["text"][:40])), fact, expected,
                                  f"{got!r} (unsure: the desk asks to confirm it)" if unsure else got))
        self.misses.extend(found)
        return found

    def _judge(self, fact: str, expected: Any, got: Any, reading: Understanding) -> bool:
        tally = self.tallies[fact]
        if fact == "intent":
            return _judge_intents(tally, expected, reading)
        unsure = fact in _CONFIDENCE and got is not None and reading.unsure(_CONFIDENCE[fact])
        problem = fact in _PROBLEM and any(p.field == _PROBLEM[fact] for p in reading.problems)
        if expected == ASK:
            if got is None or unsure or problem:
                tally.true_pos += 1
                return True
            tally.false_neg += 1
            tally.false_pos += 1
            tally.wrong_where_ask += 1
            return False
        if unsure:  # the desk asks to confirm a value: not wrong, but not read either
            got = None
        if expected is None:
            if got is None:
                tally.true_neg += 1
                return True
            tally.false_pos += 1
            return False
        if got == expected:
            tally.true_pos += 1
            return True
        tally.false_neg += 1
        if got is not None:
            tally.false_pos += 1
        return False

    def report(self) -> str:
        """A Markdown table of precision and recall per fact type, then the misses."""
        lines = ["| fact | cases | precision | recall | wrong where the truth was ask |",
                 "|---|---:|---:|---:|---:|"]
        for fact, tally in self.tallies.items():
            lines.append(f"| {fact} | {tally.cases} | {tally.precision:.1%} | {tally.recall:.1%} "
                         f"| {tally.wrong_where_ask} |")
        lines += [f"- miss `{m.entry}` {m.fact}: expected {m.expected!r}, got {m.got!r}" for m in self.misses]
        return "\n".join(lines)


class _Unscored:
    def __repr__(self) -> str:
        return "<unscored>"


_UNSCORED = _Unscored()
_KEYS = {"count": "participants", "date": "date", "window": "window", "layout": "layout",
         "products": "products", "room": "rooms", "intent": "intents", "language": "language"}


def expected_value(entry: dict[str, Any], fact: str) -> Any:
    """The entry's truth for one fact type, normalised for comparison (`_UNSCORED` when not judged)."""
    expect: dict[str, Any] = entry.get("expect") or {}
    key = _KEYS[fact]
    if fact == "intent":
        if "intents" not in expect and "not_intents" not in expect:
            return _UNSCORED
        return (frozenset(expect.get("intents") or ()), frozenset(expect.get("not_intents") or ()))
    if key not in expect:
        return _UNSCORED if fact == "language" else None
    value = expect[key]
    if value is None or value == ASK:
        return value
    if fact == "date":
        return _expected_date(value)
    if fact == "products":
        return tuple(sorted((str(pid), None if qty is None else int(qty)) for pid, qty in dict(value).items()))
    if fact == "room":
        return tuple(value) if isinstance(value, list) else (value,)
    if fact == "count":
        return int(value)
    return str(value)


def _expected_date(value: Any) -> Any:
    if isinstance(value, dict):
        return ("vague", tuple(value.get("months") or ()), tuple(value.get("weekdays") or ()))
    if isinstance(value, str) and ".." in value:
        start, end = value.split("..")
        return ("span", date.fromisoformat(start), date.fromisoformat(end))
    days = value if isinstance(value, list) else [value]
    return ("days", tuple(d if isinstance(d, date) else date.fromisoformat(str(d)) for d in days))


def reading_value(reading: Understanding, fact: str, venue: Venue) -> Any:
    """What the reading says for one fact type, in the shape `expected_value` gives."""
    if fact == "count":
        return reading.participants
    if fact == "date":
        if reading.span is not None:
            return ("span", reading.span.start, reading.span.end)
        if reading.dates:
            return ("days", tuple(reading.dates))
        if reading.vague is not None and (reading.vague.months or reading.vague.weekdays):
            return ("vague", tuple(reading.vague.months), tuple(reading.vague.weekdays))
        if reading.day_of_month is not None:
            return ("day_of_month", reading.day_of_month)
        return None
    if fact == "window":
        return None if reading.window is None else f"{reading.window.start}-{reading.window.end}"
    if fact == "layout":
        return reading.layout or venue.implied_layout(reading.event_type)
    if fact == "products":
        if not reading.products:
            return None
        return tuple(sorted((p.product_id, p.quantity) for p in reading.products))
    if fact == "room":
        return tuple(reading.rooms) or None
    if fact == "language":
        return reading.language
    return reading.intents


def _judge_intents(tally: Tally, expected: tuple[frozenset[str], frozenset[str]], reading: Understanding) -> bool:
    present, absent = expected
    got = set(reading.intents)
    ok = present <= got and not (absent & got)
    if ok:
        tally.true_pos += 1
    else:
        tally.false_neg += len(present - got) > 0
        tally.false_pos += len(absent & got) > 0
    return ok


def load_corpus(folder: Path) -> list[dict[str, Any]]:
    """Every entry of every YAML file in `folder`, in file order, each with its file name."""
    entries: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            entries.append({**entry, "file": path.name})
    return entries


def read_entry(entry: dict[str, Any], venue: Venue) -> Understanding:
    """The understanding of one entry's message, with its context, on the corpus day."""
    context = MessageContext.model_validate(entry.get("context") or {})
    return understand(entry["text"], venue, TODAY, known_language=entry.get("known_language"), context=context)


def score_corpus(entries: list[dict[str, Any]], venue: Venue) -> CorpusScore:
    """Read and score every entry."""
    score = CorpusScore()
    for entry in entries:
        score.add(entry, read_entry(entry, venue), venue)
    return score
