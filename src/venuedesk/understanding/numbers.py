"""Number words (English and German, 1-100) as integers, so counts and quantities can be read as digits."""

from __future__ import annotations

import re

_EN_UNITS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_DE_UNITS = ("", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")
_DE_TEENS = (
    "zehn",
    "elf",
    "zwölf",
    "dreizehn",
    "vierzehn",
    "fünfzehn",
    "sechzehn",
    "siebzehn",
    "achtzehn",
    "neunzehn",
)
_DE_TENS = ("", "", "zwanzig", "dreissig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig")
# "one" and "ein/eine" are articles far more often than numbers, so they stand alone only in compounds.
_STANDALONE_SKIP = frozenset({"one", "ein"})


def _build_words() -> dict[str, int]:
    """Every spelled form from 1 to 100 in both languages, mapped to its value."""
    words: dict[str, int] = {}
    for value in range(1, 10):
        words[_EN_UNITS[value]] = value
        words[_DE_UNITS[value]] = value
    words["eins"] = 1
    for offset, (en, de) in enumerate(zip(_EN_TEENS, _DE_TEENS, strict=False)):
        words[en] = 10 + offset
        words[de] = 10 + offset
    for tens in range(2, 10):
        words[_EN_TENS[tens]] = tens * 10
        words[_DE_TENS[tens]] = tens * 10
        for unit in range(1, 10):
            value = tens * 10 + unit
            words[f"{_EN_TENS[tens]}-{_EN_UNITS[unit]}"] = value
            words[f"{_EN_TENS[tens]} {_EN_UNITS[unit]}"] = value
            words[f"{_DE_UNITS[unit]}und{_DE_TENS[tens]}"] = value
    for spelled in ("hundred", "a hundred", "one hundred", "hundert", "einhundert"):
        words[spelled] = 100
    variants: dict[str, int] = {}
    for word, value in words.items():
        variants[word] = value
        if "ü" in word or "ö" in word:
            variants[word.replace("ü", "ue").replace("ö", "oe")] = value
        if "ss" in word:
            variants[word.replace("ss", "ß")] = value
    for word in _STANDALONE_SKIP:
        variants.pop(word, None)
    return variants


NUMBER_WORDS: dict[str, int] = _build_words()
NUMBER_WORD_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(w) for w in sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")(?![\w-])"
)


def word_value(word: str) -> int | None:
    """The value of one spelled number ("thirty", "dreissig", "twenty-five"), or None."""
    return NUMBER_WORDS.get(word.lower())
