"""Counting idioms as data: phrase (a regex over lower-cased text) → the number it means.

Vague quantities ("a couple of", "a handful", "ein paar", "einige") are deliberately absent: they are no
number, so no head count is read and the desk asks (docs/understanding.md "Numbers").
"""

from __future__ import annotations

IDIOMS: tuple[tuple[str, int], ...] = (
    (r"half\s+a\s+dozen", 6),
    (r"a\s+half[\s-]dozen", 6),
    (r"ein\s+halbes\s+dutzend", 6),
    (r"an?\s+dozen", 12),
    (r"ein\s+dutzend", 12),
    (r"a\s+score\s+of", 20),
    (r"a\s+million", 1_000_000),
    (r"eine\s+million", 1_000_000),
)

# "two dozen", "zwei Dutzend", "3 dozen": a number times the unit.
MULTIPLIERS: dict[str, int] = {
    "dozen": 12,
    "dutzend": 12,
    "million": 1_000_000,
    "millionen": 1_000_000,
    "millions": 1_000_000,
}
