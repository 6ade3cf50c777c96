"""English or German, by stop-word scoring; the known language breaks ties for short messages."""

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


def detect_language(text: str, known_language: str | None = None) -> Language:
    """German when German words (and umlauts) outweigh English ones; ties go to the known language."""
    german = english = 0
    for word in words(text):
        if word in _GERMAN:
            german += 1
        if word in _ENGLISH:
            english += 1
    german += min(2, len(_UMLAUT.findall(text)))
    fallback: Language = "de" if known_language == "de" else "en"
    if german == english:
        return fallback
    if known_language in ("en", "de") and max(german, english) <= 1:
        return fallback
    return "de" if german > english else "en"
