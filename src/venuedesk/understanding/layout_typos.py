"""Misspelt layout words ("classrom style", "Banketbestuhlung", "Parlament-Bestuhlung", "U-From"): a word one
typing slip (an edit or a swap of two letters; two in a long compound) away from a layout word is that layout.

Fuzzy matching by the maintained `rapidfuzz` (optimal string alignment distance, so a swap is one slip). It is
conservative: only words of six letters or more are compared, and only with layout words that start with the
same letter, so ordinary words ("there", "table", "heater") never become layouts. A match beside a layout cue ("style", "seating", "Bestuhlung", or a compound that holds one) is
read; without a cue it is read unsure (`TYPO_SCORE`), so the desk confirms it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

TYPO_SCORE = 0.5  # a misspelt layout word without a layout cue: the desk confirms it
_MIN_LENGTH = 6
_LONG = 10  # from this length a compound may carry two slips

_VOCABULARY: dict[str, str] = {
    "theatre": "theatre", "theater": "theatre", "theaterbestuhlung": "theatre", "reihenbestuhlung": "theatre",
    "kinobestuhlung": "theatre", "auditorium": "theatre",
    "classroom": "classroom", "schulbestuhlung": "classroom", "schulungsbestuhlung": "classroom",
    "parlamentsbestuhlung": "classroom", "parlamentarisch": "classroom", "seminarbestuhlung": "classroom",
    "u-shape": "u_shape", "u-shaped": "u_shape", "u-form": "u_shape", "u-förmig": "u_shape",
    "u-bestuhlung": "u_shape", "hufeisen": "u_shape", "horseshoe": "u_shape",
    "boardroom": "boardroom", "blocktafel": "boardroom", "blockbestuhlung": "boardroom",
    "konferenzbestuhlung": "boardroom",
    "banquet": "banquet", "bankett": "banquet", "bankettbestuhlung": "banquet",
    "stehempfang": "standing", "stehapero": "standing",
    "cabaret": "workshop", "gruppentische": "workshop",
}
_CUE = re.compile(r"^(?:style|syle|stlye|styl|seating|setup|set-up|layout|arrangement|bestuhlung|bestuhlt|stil|"
                  r"form|anordnung|tables|tische)$")
_SELF_CUED = re.compile(r"bestuhlung|^u-|form|tafel|tische")  # the word itself says it is a layout
_TOKEN = re.compile(r"[a-zäöüéèà]+(?:-[a-zäöüéèà]+)*")
_NEGATED = re.compile(r"\b(?:not|nicht|no|kein\w*|instead\s+of|rather\s+than|statt|anstatt)\s+(?:(?:in|im|a|an|"
                      r"the|als|as)\s+)?$")


@dataclass(frozen=True)
class TypoLayout:
    """A layout read from a misspelt word, and whether a layout cue stands beside it."""

    layout: str
    cued: bool


def find_misspelt_layout(text: str) -> TypoLayout | None:
    """The last layout named by a word one slip away from a layout word (normalised, lower-case text)."""
    tokens = list(_TOKEN.finditer(text))
    found: TypoLayout | None = None
    for index, token in enumerate(tokens):
        word = token.group(0)
        following = tokens[index + 1].group(0) if index + 1 < len(tokens) else ""
        if _NEGATED.search(text, max(0, token.start() - 25), token.start()):
            continue
        for candidate in _candidates(word):
            match = _closest(candidate)
            if match is not None:
                parts = word.split("-")
                cued = bool(_SELF_CUED.search(match) or _CUE.match(following) or any(map(_CUE.match, parts[1:])))
                found = TypoLayout(_VOCABULARY[match], cued)
                break
    return found


def _candidates(word: str) -> list[str]:
    """The spellings a word may stand for: as written, joined ("Parlament-Bestuhlung") and its first part
    ("theatr-style")."""
    parts = word.split("-")
    forms = [word, "".join(parts), parts[0]]
    return [form for form in dict.fromkeys(forms) if len(form) >= _MIN_LENGTH]


def _closest(candidate: str) -> str | None:
    """The layout word within one slip of the candidate (two for a long compound) that starts with the same
    letter; an exact layout word is the layout patterns' to read."""
    limit = 2 if len(candidate) >= _LONG else 1
    same_start = [word for word in _VOCABULARY if word[0] == candidate[0]]  # "heater" is no misspelt "theater"
    best = extractOne(candidate, same_start, scorer=OSA.distance, score_cutoff=limit)
    if best is None or best[1] == 0:
        return None
    return str(best[0])
