"""A second, separate inquiry inside a message about this one (docs/design.md §4.3): "we're also planning a
Christmas dinner for 40 in December". Pure: finds where the new inquiry begins, so the facts before it stay this
event's and the rest opens a thread of its own; a change of this event ("actually, make it a dinner") is none.
"""

from __future__ import annotations

import re

from venuedesk.understanding.calendar_words import MONTHS, WEEKDAYS, alternation

# Another event besides this one: "also", "another", "separate", "zusätzlich", "ausserdem", "weiteren".
_BESIDES = re.compile(
    r"\b(?:also|too|as\s+well|another|separate(?:ly)?|additional(?:ly)?|in\s+addition|besides|a\s+second|"
    r"one\s+more|auch|ausserdem|außerdem|zusätzlich|zusaetzlich|noch\s+(?:ein(?:en|e)?|eine)|weitere[nrms]?|"
    r"separate[nrms]?|separat|andere[nrms]?\s+(?:anlass|event|veranstaltung|feier)|zweite[nrms]?\s+(?:anlass|"
    r"event|veranstaltung|feier))\b",
    re.IGNORECASE)
# An occasion: the kind of event a separate inquiry names.
_OCCASION = re.compile(
    r"\b(?:dinner|lunch|party|parties|apéro|apero|aperitif|reception|workshop|conference|seminar|meeting|"
    r"offsite|off-site|retreat|wedding|birthday|anniversary|gala|celebration|kick-?off|event|get-together|"
    r"bbq|barbecue|christmas|xmas|"
    r"\w*essen|\w*feier|\w*fest|\w*party|\w*apéro|\w*apero|anlass|event|veranstaltung|seminar|workshop|"
    r"tagung|konferenz|sitzung|hochzeit|geburtstag|jubiläum|jubilaeum|grillabend|klausur)\b",
    re.IGNORECASE)
# A time of its own: a month, a date, a weekday, a season or a holiday.
_WHEN = re.compile(
    rf"\b(?:{alternation(MONTHS)}|{alternation(WEEKDAYS)}|christmas|xmas|weihnacht\w*|new\s+year|silvester|"
    r"spring|summer|autumn|fall|winter|frühling|fruehling|sommer|herbst|next\s+year|nächstes\s+jahr|"
    r"naechstes\s+jahr|\w*fest)\b|\b\d{1,2}\.\s*\d{1,2}\.|\b\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}\.\s+[a-zä]",
    re.IGNORECASE)
# A change of this event, never a new one: "actually", "instead", "rather", "stattdessen", "doch lieber".
_CHANGE = re.compile(
    r"\b(?:actually|instead|rather|change|switch|move|make\s+it|turn\s+it|stattdessen|statt|anstatt|anstelle|"
    r"doch\s+lieber|lieber|ändern|aendern|verschieben|umwandeln|daraus)\b",
    re.IGNORECASE)
# A sentence ends at ".", "!", "?" or a line break; a dot after a number ("am 12. September", "ca.") goes on.
_SENTENCE = re.compile(r"(?:[^.!?\n]|(?<=\d)\.|(?<=\bca)\.|(?<=\bz\.b)\.)+(?:[.!?]+|\n|$)", re.IGNORECASE)


def new_inquiry_start(text: str) -> int | None:
    """The offset where a second, separate inquiry begins, or None when the message has none."""
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0)
        if _CHANGE.search(sentence):
            continue
        besides = _BESIDES.search(sentence)
        if besides is None:
            continue
        if _OCCASION.search(sentence) and _WHEN.search(sentence):
            return match.start() + len(sentence) - len(sentence.lstrip())
    return None


def split_new_inquiry(text: str) -> tuple[str, str] | None:
    """(this event's part, the new inquiry's part) of a message holding a second inquiry, else None."""
    start = new_inquiry_start(text)
    if start is None:
        return None
    return text[:start].rstrip(), text[start:].strip()
