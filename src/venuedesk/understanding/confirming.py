"""Ask instead of guess (docs/design.md §4.4): unsure facts are withheld, kept, and used once the client says yes.

Pure helpers: what a message confirms, the facts it gives with certainty, the unsure ones to keep for the
confirming question, and the message's facts with the confirmed ones restored.
"""

from __future__ import annotations

import re
from typing import Any

from venuedesk.understanding.model import FACT_FIELDS, FactName, Understanding

_YES = re.compile(
    r"^\W*(?:(?:hi|hello|hallo|grüezi|gruezi|dear\s+\w+)\W+)?"
    r"(?:yes|yep|yeah|yup|correct|right|exactly|precisely|indeed|confirmed|that'?s\s+(?:right|correct|it)|"
    r"(?:that|this)\s+is\s+(?:right|correct)|sure|absolutely|ok(?:ay)?|"
    r"ja|jawohl|genau|korrekt|richtig|stimmt|bestätigt|passt|einverstanden|so\s+ist\s+es|das\s+stimmt|exakt|"
    r"absolut|jep|jo)\b"
)
# Words that turn a yes into a correction or a doubt: "yes, but 40", "ja, aber eigentlich 40", "no, 40".
_NOT_YES = re.compile(
    r"\b(?:no|not|nope|but|however|actually|rather|instead|maybe|perhaps|nein|nicht|aber|jedoch|eigentlich|"
    r"lieber|stattdessen|vielleicht|doch)\b"
)


def confirms(text: str) -> bool:
    """Whether a message says yes to the desk's confirming question without correcting or doubting it."""
    lowered = text.strip().lower()
    return bool(_YES.match(lowered)) and not _NOT_YES.search(lowered)


def certain(facts: Understanding) -> Understanding:
    """The message's facts without the unsure ones (they are confirmed first, never captured)."""
    unsure = facts.unsure_facts()
    if not unsure:
        return facts
    blank = Understanding()
    cleared = {name: getattr(blank, name) for fact in unsure for name in FACT_FIELDS[fact]}
    return facts.model_copy(update=cleared)


def withheld(facts: Understanding) -> dict[str, dict[str, Any]]:
    """The unsure facts with their values (JSON), to be kept until the client confirms them."""
    values = facts.model_dump(mode="json")
    return {fact: {name: values[name] for name in FACT_FIELDS[fact]} for fact in facts.unsure_facts()}


def with_confirmed(facts: Understanding, pending: dict[str, dict[str, Any]]) -> Understanding:
    """The message's facts plus the pending ones it confirms; a value the message gives itself wins."""
    restored: dict[str, Any] = {}
    for fact in facts.confirmed:
        if fact in pending and not facts.gives(fact):
            restored.update(pending[fact])
    if not restored:
        return facts
    merged = facts.model_dump(mode="json")
    merged.update(restored)
    merged["confidence"] = [item for item in merged["confidence"] if item["fact"] not in facts.confirmed]
    return Understanding.model_validate(merged)


def confirmed_by(text: str, confirming: tuple[FactName, ...]) -> list[FactName]:
    """The facts a message confirms: all the desk asked about when it says yes, else none."""
    return list(confirming) if confirming and confirms(text) else []
