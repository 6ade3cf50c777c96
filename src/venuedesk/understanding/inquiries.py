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
# An occasion: the kind of event a separate inquiry names, by its noun or the end of a compound ("Grillplausch",
# "Jahresabschlussabend", "Helferessen", "summer picnic", "quiz night"); the venue's own occasion words add to it.
_OCCASION = re.compile(
    r"\b(?:dinner|lunch|brunch|breakfast|party|parties|apéro|apero|aperitif|reception|workshop|conference|seminar|"
    r"meeting|training|offsite|off-site|retreat|wedding|birthday|anniversary|gala|celebration|ceremony|kick-?off|"
    r"event|get-together|gathering|picnic|outing|excursion|festival|bbq|barbecue|christmas|xmas|"
    r"(?!(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|sonnabend)abend)\w+abend|"
    r"(?!\w*gessen\b|interessen\b)\w*essen|"
    r"(?!(?:be|zu|an|ein|auf|über|ver)treffen)\w+treffen|"
    r"\w*(?:plausch|feier|fest|party|apéro|apero|ausflug|brunch|dinner|lunch|empfang|turnier|versammlung)|"
    r"anlass|event|veranstaltung|seminar|workshop|tagung|konferenz|sitzung|hochzeit|geburtstag|jubiläum|"
    r"jubilaeum|klausur)\b|"
    r"\b(?!(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the|a|an|at|per|one|each|all|late|good|that|this|last|every)\s)"
    r"[a-z]+\s+night\b",  # "quiz night", "games night"; not "Friday night"
    re.IGNORECASE)
# Or a planned event of its own size: "planning a Grillplausch for 40 people", "einen Ausflug mit 30 Personen".
_PLANNED = re.compile(
    r"\b(?:plan\w*|organi[sz]\w*|host\w*|hold\w*|throw\w*|celebrat\w*|organisier\w*|"
    r"durchführen|feiern|veranstalten)\b", re.IGNORECASE)
_COUNT = re.compile(r"\b\d+\s*(?:people|persons|guests|participants|pax|personen|gäste|gaeste|leute|teilnehmende)\b",
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


def new_inquiry_start(text: str, occasions: re.Pattern[str] | None = None) -> int | None:
    """The offset where a second, separate inquiry begins, or None when the message has none: a sentence with a
    word for "besides this one", an occasion (`occasions`: the venue's own words, matched on lower case) and a
    time of its own or, when it is planned, a head count of its own."""
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0)
        if _CHANGE.search(sentence) or _BESIDES.search(sentence) is None:
            continue
        occasion = _OCCASION.search(sentence) or (occasions is not None and occasions.search(sentence.lower()))
        if occasion and (_WHEN.search(sentence) or _PLANNED.search(sentence) and _COUNT.search(sentence)):
            return match.start() + len(sentence) - len(sentence.lstrip())
    return None


def split_new_inquiry(text: str, occasions: re.Pattern[str] | None = None) -> tuple[str, str] | None:
    """(this event's part, the new inquiry's part) of a message holding a second inquiry, else None."""
    start = new_inquiry_start(text, occasions)
    if start is None:
        return None
    return text[:start].rstrip(), text[start:].strip()
