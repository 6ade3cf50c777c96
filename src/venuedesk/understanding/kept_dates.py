"""The event's own date mentioned, not wished for: "our date in May stays", "Der Termin am 26. März bleibt wie
vereinbart", "we're still on for September", or the month or weekday of the date already in focus ("Für April ist
alles klar" when the event is on 16 April). Pure: such a mention never becomes a date wish or a change."""

from __future__ import annotations

import re
from datetime import date

from venuedesk.understanding.calendar_words import MONTHS, WEEKDAYS, alternation
from venuedesk.understanding.context import MessageContext
from venuedesk.understanding.model import VagueDates
from venuedesk.understanding.sentences import Sentence

Span = tuple[int, int]

# The date holds: "stays", "remains", "as agreed", "still on", "bleibt", "wie besprochen", "bleiben beim Juni".
_KEEP = re.compile(
    r"\b(?:stays|remains|unchanged|as\s+(?:agreed|planned|discussed|booked|confirmed|arranged)|still\s+on|"
    r"still\s+stands|stands\s+as|bleibt|bleiben\s+(?:beim|bei|am)|unverändert|nach\s+wie\s+vor|"
    r"wie\s+(?:vereinbart|besprochen|geplant|gebucht|abgemacht|bestätigt|abgesprochen))\b",
    re.IGNORECASE)
# Whether the date holds, said either way: "can't stay", "bleibt es nicht", "remains".
_HOLDS = re.compile(r"\b(?:stay|stays|remain|remains|unchanged|bleib\w*|unverändert)\b", re.IGNORECASE)
# It does not hold: "can't stay", "bleibt es nicht", "no longer".
_NEGATED = re.compile(r"\b(?:not|cannot|can't|won't|doesn't|isn't|no\s+longer|nicht|nicht\s+mehr|kein\w*)\b|n't\b",
                      re.IGNORECASE)
# The clause is about the event's day: a date word, a month, a weekday or a day number.
_DATE_REFERENCE = re.compile(
    rf"\b(?:date|day|event|booking|reservation|datum|termin|tag|anlass|buchung|"
    rf"{alternation(MONTHS)}|{alternation(WEEKDAYS)})\b|\b\d{{1,2}}(?:\.|st|nd|rd|th)",
    re.IGNORECASE)
# Clauses end at a comma, colon, semicolon or dash, or before "but"/"aber"/"however".
_CLAUSE_BREAK = re.compile(r"[,;:]|\s[–—-]\s|\b(?:but|aber|jedoch|however|although|obwohl|sondern)\b", re.IGNORECASE)


def kept_date_clauses(text: str, sentences: tuple[Sentence, ...]) -> list[Span]:
    """Clauses that say the event's date holds ("our date in May stays as it is"): their dates are no wish."""
    spans: list[Span] = []
    for sentence in sentences:
        start = sentence.start
        for cut in [*(m.start() for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end)), sentence.end]:
            clause = text[start:cut]
            if _KEEP.search(clause) and _DATE_REFERENCE.search(clause) and not _NEGATED.search(clause):
                spans.append((start, cut))
            start = cut
    return spans


def refers_to_focus(vague: VagueDates | None, context: MessageContext) -> bool:
    """A month or weekday that is only the date already in focus ("Für April ist alles klar", "am Freitagabend"
    about a Friday event) mentions that date; it is no new wish unless the desk asked for a date."""
    focus = context.date_in_focus
    if vague is None or focus is None or "date" in context.asked or vague.season is not None:
        return False
    if vague.year is not None and vague.year != focus.year:
        return False
    months_match = all(month == focus.month for month in vague.months)
    weekdays_match = all(weekday == focus.weekday() for weekday in vague.weekdays)
    return bool(vague.months or vague.weekdays) and months_match and weekdays_match


def without_focus(dates: list[date], text: str, context: MessageContext) -> list[date]:
    """The days named besides the one in focus when the message says whether that date holds: "bleibt es nicht
    beim 13. Mai: … auf den 20. Mai" moves to the 20th. Without such words, or when the desk asked for a date,
    every day named counts."""
    others = [day for day in dates if day != context.date_in_focus]
    if not others or "date" in context.asked or not (_KEEP.search(text) or _HOLDS.search(text)):
        return dates
    return others
