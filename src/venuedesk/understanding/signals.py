"""Step 5-7 signals: a payment claim (and the words about the payment), a site-visit or a calendar request.

A payment claim ("we already transferred it on 15.1.", "Die Anzahlung ist überwiesen") only raises
`payment_claimed`: it never marks anything paid, and the clause about the payment is masked before dates
are read, so its date never becomes the event date (docs/design.md §4.13).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.understanding.negotiation_patterns import phrases as _words

_PAYMENT = _words(
    r"paid",
    r"pay(?:ing|s)?",
    r"payment",
    r"transferr?\w*",
    r"wired?",
    r"bank\s+transfer",
    r"remitt\w*",
    r"deposit",
    r"invoice\s+(?:has\s+been\s+|was\s+|is\s+)?settled",
    r"settled",
    r"bezahlt",
    r"gezahlt",
    r"einbezahlt",
    r"überwiesen",
    r"überweisung",
    r"angewiesen",
    r"zahlung",
    r"anzahlung",
    r"zahlen",
    r"beglichen",
    r"twint",
)
# Says the payment has happened (past or perfect), not that it will.
_CLAIM = _words(
    r"(?:received|receive|got|get|see|seen)\s+(?:our|the|my|it)\s*(?:payment|transfer|deposit|money)?",
    r"(?:erhalten|eingegangen|angekommen|gesehen)",
    r"(?:payment|deposit|transfer|amount|money|invoice)\b[^.;!?]{0,30}?\b(?:has|have|was|were|is)\s+(?:already\s+)?"
    r"(?:been\s+)?(?:paid|made|sent|transferred|wired|settled|done|completed|initiated|executed)",
    r"(?:it|this|that)\s+(?:has\s+been|was|is)\s+(?:already\s+)?(?:sent|paid|transferred|wired|settled)",
    r"(?:we|i|our\s+\w+(?:\s+department)?|accounting|finance)\s+(?:have\s+|has\s+|had\s+|already\s+|just\s+|"
    r"have\s+already\s+|has\s+already\s+|already\s+have\s+)?(?:paid|transferred|wired|sent|remitted|settled|made)",
    r"(?:payment|deposit|transfer|amount|money|invoice)\s+(?:has\s+|have\s+)?(?:already\s+)?(?:been\s+)?"
    r"(?:paid|made|sent|transferred|wired|settled|done|completed|initiated|executed|on\s+its\s+way)",
    r"(?:is|was|has\s+been)\s+(?:already\s+)?(?:paid|transferred|wired|settled)",
    r"already\s+(?:paid|transferred|wired|settled)",
    r"(?:haben|habe|hat|ist|sind|wurde|wurden)\s+(?:\S+\s+){0,6}(?:bezahlt|gezahlt|einbezahlt|überwiesen|beglichen|"
    r"angewiesen|ausgelöst|veranlasst|getätigt)",
    r"(?:bezahlt|gezahlt|einbezahlt|überwiesen|beglichen|angewiesen)\s+(?:\w+\s+){0,2}(?:haben|habe|hat|ist|sind|wurde)",
    r"(?:überweisung|zahlung|anzahlung)\s+(?:ist|wurde)\s+(?:\w+\s+){0,3}(?:unterwegs|erfolgt|getätigt|ausgelöst|raus|rausgegangen|hinausgegangen|ausgeführt|veranlasst)",
)
# A payment that is only planned or asked about still keeps its date away from the event.
_NOT_CLAIM = _words(
    r"(?:will|shall|going\s+to|'ll|can|could|should|when|how|where|must|need\s+to|have\s+to)\s+(?:we\s+|i\s+)?"
    r"(?:\w+\s+)?(?:pay|transfer|wire|settle)",
    r"(?:not|haven't|hasn't|have\s+not|has\s+not)\s+(?:\w+\s+)?(?:paid|transferred|wired|settled)",
    r"(?:werden|wird|können|sollen|müssen|wann|wie)\s+(?:\w+\s+){0,4}(?:bezahlen|zahlen|überweisen)",
    r"noch\s+nicht\s+(?:\w+\s+)?(?:bezahlt|überwiesen|gezahlt)",
    r"nicht\s+(?:bezahlt|überwiesen|gezahlt)",
)
_CLAUSE_BREAK = re.compile(r"[;!?\n]|(?<!\d)\.(?=\s|$)|,\s*(?=(?:and|but|also|und|aber|auch|please|bitte|could|can|können|"
                           r"könnten|we|wir|the|die|der|das)\b)|\b(?:and|but|aber|und)\s+(?=(?:please|bitte|could|can|"
                           r"können|könnten|we|wir|the\s+event|der\s+anlass|das\s+event)\b)")
# The tail of a clause joined by a comma that still dates the payment: ", on 15 January", ", am 15.1.".
# A clause that goes on about the payment: "It was sent on 28.01.", "Sie wurde am 15.1. ausgelöst".
_CONTINUES = re.compile(r"\s*(?:it|this|that|sie|es|das|diese)\s+(?:was|has|had|is|wurde|ist|ging|sollte)\b")
_DATE_TAIL = re.compile(r"\s*,\s*(?:on|at|am|per|by|yesterday|gestern|vorgestern|heute|today)\b[^,;!?\n]*")

SITE_VISIT = _words(
    r"site\s+visit",
    r"site\s+inspection",
    r"(?:come|stop)\s+(?:by\s+)?(?:and|to)\s+(?:see|look\s+at|view|check\s+out|visit)",
    r"(?:see|view|visit|look\s+at|check\s+out|tour)\s+(?:the\s+)?(?:room|rooms|venue|space|location|place)s?"
    r"(?:\s+(?:in\s+person|beforehand|first|before))?",
    r"(?:a\s+)?(?:tour|viewing|walkthrough|walk-through)\s+(?:of|at)\s+(?:the\s+)?(?:venue|room|space|location)",
    r"(?:arrange|book|schedule)\s+a\s+(?:viewing|visit|tour)",
    r"besichtig\w*",
    r"(?:anschauen|ansehen|angucken|anzuschauen|anzusehen)",
    r"vorbeikommen",
    r"vor\s+ort\s+(?:sehen|ansehen|anschauen)",
    r"(?:termin|rundgang)\s+vor\s+ort",
)
CALENDAR = _words(
    r"\.?ics(?:\s+file)?",
    r"ical",
    r"calendar\s+(?:invite|invitation|entry|file|event)",
    r"(?:add|put|save)\s+(?:it|this|the\s+(?:event|booking|date))\s+(?:to|in|into)\s+(?:my|our)\s+calendar",
    r"outlook\s+(?:invite|invitation|entry)",
    r"kalender\s*(?:eintrag|einladung|datei|file)\w*",
    r"kalendereintrag\w*",
    r"kalendereinladung\w*",
    r"(?:in\s+(?:den|unseren|meinen)\s+kalender)",
    r"termineinladung",
)


@dataclass
class PaymentFindings:
    """Whether a payment is claimed, and the clauses about a payment (masked before dates are read)."""

    claimed: bool = False
    consumed: list[tuple[int, int]] = field(default_factory=list)


def _clauses(text: str) -> list[tuple[int, int]]:
    """The clauses of a text: split at sentence ends and at a comma or "and" that starts a new thought."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def find_payment(text: str) -> PaymentFindings:
    """Clauses that talk about a payment, and whether one of them says it was made."""
    found = PaymentFindings()
    previous_about_payment = False
    for start, end in _clauses(text):
        about_payment = bool(_PAYMENT.search(text, start, end)) or (
            previous_about_payment and bool(_CONTINUES.match(text, start)))
        previous_about_payment = about_payment
        if not about_payment:
            continue
        tail = _DATE_TAIL.match(text, end)
        stop = tail.end() if tail else end
        found.consumed.append((start, stop))
        if _CLAIM.search(text, start, stop) and not _NOT_CLAIM.search(text, start, stop):
            found.claimed = True
    return found


def wants_site_visit(text: str) -> bool:
    """Whether the client asks to come and see the venue."""
    return bool(SITE_VISIT.search(text))


def site_visit_clauses(text: str) -> list[tuple[int, int]]:
    """Sentences asking for a site visit: a day named there is for the visit, never the event date."""
    spans: list[tuple[int, int]] = []
    for start, end in _sentences(text):
        if SITE_VISIT.search(text, start, end):
            spans.append((start, end))
            follow = _sentences(text[end:])
            if follow and re.match(r"\s*(?:could|can|would|is|geht|ginge|wäre|passt|am|on)\b", text[end:][follow[0][0]:]):
                spans.append((end + follow[0][0], end + follow[0][1]))
    return spans


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by end punctuation (an ordinal dot after a digit does not end one)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"[!?\n]|(?<!\d)\.(?=\s|$)", text):
        if text[start : match.end()].strip():
            spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def wants_calendar(text: str) -> bool:
    """Whether the client asks for a calendar file or invite."""
    return bool(CALENDAR.search(text))
