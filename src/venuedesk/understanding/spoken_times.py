"""Clock times said in words ("halb 5", "Viertel nach 9", "half past 4", "quarter to 6") written as digits.

German "halb 5" is half an hour before five (4:30), not after it; the hour may be a digit or a word up to
twelve. Normalisation writes each as "h:mm" so the time-window rules read it like any written time
(docs/understanding.md "Time windows").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HOUR_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
    "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "fuenf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwoelf": 12,
}
_HOUR = r"(?P<h>1[0-2]|0?[1-9]|" + "|".join(sorted(_HOUR_WORDS, key=len, reverse=True)) + r")(?![\w:.]\d|\w)"
# Each form with the minutes it adds to the hour it names (German "halb 5" and "Viertel vor 5": before it).
_FORMS: tuple[tuple[str, int], ...] = (
    (r"half\s+past", 30),
    (r"(?:a\s+)?quarter\s+past", 15),
    (r"(?:a\s+)?quarter\s+to", -15),
    (r"drei\s*viertel", -15),
    (r"viertel\s+nach", 15),
    (r"viertel\s+vor", -15),
    (r"halb", -30),
)
_SPOKEN = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<f{i}>{form})" for i, (form, _) in enumerate(_FORMS)) + r")\s+" + _HOUR
)


@dataclass(frozen=True)
class SpokenTime:
    """A clock time said in words, its span in the lower-cased text and the time as "h:mm"."""

    start: int
    end: int
    clock: str


def find_spoken_times(text: str) -> list[SpokenTime]:
    """Every clock time said in words in lower-cased text, in order."""
    found: list[SpokenTime] = []
    for match in _SPOKEN.finditer(text):
        offset = next(minutes for i, (_, minutes) in enumerate(_FORMS) if match.group(f"f{i}"))
        raw = match.group("h")
        hour = _HOUR_WORDS[raw] if raw in _HOUR_WORDS else int(raw)
        total = (hour * 60 + offset) % (12 * 60)
        found.append(SpokenTime(match.start(), match.end(), f"{total // 60 or 12}:{total % 60:02d}"))
    return found
