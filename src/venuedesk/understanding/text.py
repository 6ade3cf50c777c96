"""Message normalisation (lower case, plain dashes, number words as digits), mapped back to the original."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from venuedesk.understanding.numbers import find_number_words

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


def normalize(text: str) -> Normalized:
    """Lower-case the message, unify dashes/quotes/accents and turn number words and idioms into digits."""
    base = _lower(text.translate(_CHAR_MAP))
    parts: list[str] = []
    anchors: list[tuple[int, int]] = []
    last = 0
    length = 0
    for number in find_number_words(base):
        parts.append(base[last : number.start])
        length += number.start - last
        digits = str(number.value)
        parts.append(digits)
        length += len(digits)
        anchors.append((length, number.end))
        last = number.end
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
