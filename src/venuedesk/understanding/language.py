"""English or German, by stop-word scoring; the conversation's known language holds unless a message clearly
switches (a name, a place or a short answer in the other language never does)."""

from __future__ import annotations

import re

from venuedesk.understanding.model import Language
from venuedesk.understanding.text import words

_GERMAN = frozenset(
    """
    aber als anlass auch auf bei benötigen bis bitte brauchen ca dank danke das dass dem den der die
    doch eigentlich ein eine einen einverstanden es frage freundliche fuer für ganztags geehrte
    geehrter gern gerne gibt grüezi grüsse gut guten gäste haben hallo heute hätten ich ihnen ihr ihre
    im ist ja jetzt kaffee kein keine klingt kommenden können könnten leider liebe lieber machen mal
    mehr mfg mit mittagessen morgen möchten nachmittags nehmen nein nicht nichts noch nur nächste
    nächsten oder ohne passt personen planen raum rund schon sehr sie sind sonst statt stattdessen
    suchen tag teilnehmende teilnehmer uhr und uns unser vielen vom von wann was weiter wie wieder wir
    wo wäre würden zu zum zur übermorgen
    """.split()
)
_ENGLISH = frozenset(
    """
    a about accept actually after afternoon all also an and any are around at be before best book can
    could day dear do does else evening event for from good great guests have hello hi how i ideally if
    instead is it just kind like looking morning my need next no not nothing of on only our
    participants people please rather regards room some sounds thank thanks that the there this to
    today tomorrow us want we what when where which why will with works would yes you your
    """.split()
)
_UMLAUT = re.compile(r"[äöüß]")
# A known language switches only on a message with at least this many words of the other language, leading by
# _SWITCH_LEAD: "Room B please" or "Yes please" in a German conversation is an answer, not a change of language.
_SWITCH_WORDS = 3
_SWITCH_LEAD = 2


def detect_language(text: str, known_language: str | None = None) -> Language:
    """German when German words outweigh English ones (umlauts add weight only beside a German word, so "Zürich"
    or "Müller AG" in an English mail counts for nothing); ties and weak evidence keep the known language.

    Callers mask what is not language evidence first: catalogue names, addresses, the signature.
    """
    german = english = 0
    for word in words(text):
        if word in _GERMAN:
            german += 1
        if word in _ENGLISH:
            english += 1
    if german:
        german += min(2, len(_UMLAUT.findall(text)))
    fallback: Language = "de" if known_language == "de" else "en"
    if german == english:
        return fallback
    found: Language = "de" if german > english else "en"
    if known_language in ("en", "de") and found != known_language:
        weak = max(german, english) < _SWITCH_WORDS or abs(german - english) < _SWITCH_LEAD
        return fallback if weak else found
    return found
