"""Message normalisation (lower case, plain dashes, number words as digits), mapped back to the original."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from venuedesk.understanding.numbers import find_number_words
from venuedesk.understanding.spoken_times import find_spoken_times

_CHAR_MAP = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2019": "'",
        "\u2018": "'",
        "\u00b4": "'",
        "`": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\t": " ",
        "é": "e",
        "è": "e",
        "ê": "e",
        "à": "a",
        "â": "a",
        "ç": "c",
        "ô": "o",
        "î": "i",
    }
)


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus anchors mapping its offsets back to the original message."""

    text: str
    original: str
    anchors: tuple[tuple[int, int], ...] = ()  # (normalised offset, original offset) after each replacement

    def source(self, start: int, end: int) -> str:
        """The original words behind a span of the normalised text, as written."""
        return self.original[self._map(start) : self._map(end)].strip()

    def _map(self, pos: int) -> int:
        """Translate one normalised offset to the original text."""
        keys = [a[0] for a in self.anchors]
        index = bisect_right(keys, pos) - 1
        if index < 0:
            return pos
        norm_at, orig_at = self.anchors[index]
        return orig_at + (pos - norm_at)


def _lower(text: str) -> str:
    """Lower case that never changes the length of the text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _replacements(base: str) -> list[tuple[int, int, str]]:
    """Spoken clock times ("halb 5" → "4:30") and number words (→ digits) to write, in order, never overlapping."""
    clocks = [(t.start, t.end, t.clock) for t in find_spoken_times(base)]
    numbers = [(n.start, n.end, str(n.value)) for n in find_number_words(base)
               if all(n.end <= start or n.start >= end for start, end, _ in clocks)]
    return sorted(clocks + numbers)


def normalize(text: str) -> Normalized:
    """Lower-case the message, unify dashes/quotes/accents, write spoken clock times and number words as digits."""
    base = _lower(text.translate(_CHAR_MAP))
    parts: list[str] = []
    anchors: list[tuple[int, int]] = []
    last = 0
    length = 0
    for start, end, digits in _replacements(base):
        parts.append(base[last:start])
        length += start - last
        parts.append(digits)
        length += len(digits)
        anchors.append((length, end))
        last = end
    parts.append(base[last:])
    return Normalized("".join(parts), text, tuple(anchors))


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out consumed spans with spaces, keeping every offset stable."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def words(text: str) -> list[str]:
    """The alphabetic words of a text."""
    return WORD_RE.findall(text)
