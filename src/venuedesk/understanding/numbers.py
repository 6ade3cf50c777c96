"""Number words (English and German, any size) and counting idioms as digits, so counts read as numbers.

Spelled cardinals are parsed by `text2num` ("forty-five", "two hundred and fifty", "fünfundzwanzig",
"zweihundert"); the idioms ("a dozen", "ein halbes Dutzend") are data (`number_idioms.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

from venuedesk.understanding.number_idioms import IDIOMS, MULTIPLIERS

_EN_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fourty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million",
)
_EN_WORD = r"(?:" + "|".join(sorted(_EN_WORDS, key=len, reverse=True)) + r")"
# "forty-five", "one hundred and twenty", "two thousand": words joined by spaces, hyphens or "and".
_EN_SEQUENCE = rf"(?:a\s+)?{_EN_WORD}(?:(?:\s*-\s*|\s+(?:and\s+)?){_EN_WORD})*"
_DE_MORPHEMES = (
    "eins", "ein", "zwei", "zwo", "drei", "vier", "fünf", "fuenf", "sechs", "sech", "sieben", "sieb", "acht", "neun",
    "zehn", "elf", "zwölf", "zwoelf", "zwanzig", "dreissig", "dreißig", "vierzig", "fünfzig", "fuenfzig", "sechzig",
    "siebzig", "achtzig", "neunzig", "hundert", "tausend", "und",
)
# One German word built only of number parts: "fünfundzwanzig", "hundertzwanzig", "zweihundert".
_DE_WORD = r"(?:" + "|".join(sorted(_DE_MORPHEMES, key=len, reverse=True)) + r")+"
_SPELLED = rf"{_EN_SEQUENCE}|{_DE_WORD}"
_MULTIPLIER = r"(?:" + "|".join(MULTIPLIERS) + r")"
# Articles and the conjunction are numbers far less often than words: alone they stay words.
_NOT_ALONE = frozenset({"one", "ein", "eine", "und", "a", "sech", "sieb"})

NUMBER_RE = re.compile(
    r"(?<![\w-])(?:"
    + r"(?P<idiom>" + "|".join(pattern for pattern, _ in IDIOMS) + r")"
    + rf"|(?P<times>(?:\d{{1,3}}|{_SPELLED})\s+{_MULTIPLIER})"
    + rf"|(?P<spelled>{_SPELLED})"
    + r")(?![\w-])"
)


@dataclass(frozen=True)
class NumberWord:
    """A spelled number or idiom found in lower-cased text, with its value."""

    start: int
    end: int
    value: int


@lru_cache(maxsize=4096)
def _spelled_value(words: str) -> int | None:
    """The value of spelled number words in English or German, or None when they are no one number."""
    cleaned = re.sub(r"\s*-\s*", "-", words.strip())
    if cleaned in _NOT_ALONE:
        return None
    if cleaned.startswith("a "):
        cleaned = "one " + cleaned[2:]
    german = cleaned.replace("ue", "ü").replace("oe", "ö").replace("ß", "ss")
    for candidate, language in ((cleaned, "en"), (german, "de")):
        try:
            return int(text2num(candidate, language))
        except ValueError:
            continue
    return None


def _value(match: re.Match[str]) -> int | None:
    """The value of one NUMBER_RE match: an idiom's, a multiple ("two dozen") or spelled words'."""
    if match.group("idiom") is not None:
        text = match.group("idiom")
        return next(value for pattern, value in IDIOMS if re.fullmatch(pattern, text))
    if match.group("times") is not None:
        count, unit = match.group("times").rsplit(None, 1)
        factor = next(value for name, value in MULTIPLIERS.items() if re.fullmatch(name, unit))
        base = int(count) if count.isdigit() else _spelled_value(count)
        return None if base is None else base * factor
    return _spelled_value(match.group("spelled"))


def find_number_words(text: str) -> list[NumberWord]:
    """Spelled numbers and counting idioms in lower-cased text, in order, each with its value."""
    found: list[NumberWord] = []
    for match in NUMBER_RE.finditer(text):
        value = _value(match)
        if value is not None:
            found.append(NumberWord(match.start(), match.end(), value))
            continue
        for word in re.finditer(r"[^\W\d_]+", match.group(0)):  # "five six": each word on its own
            single = _spelled_value(word.group(0))
            if single is not None:
                found.append(NumberWord(match.start() + word.start(), match.start() + word.end(), single))
    return found

