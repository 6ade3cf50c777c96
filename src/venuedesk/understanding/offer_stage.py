"""Glue for the step 5-7 passes: which words may not date the event, and the intents that agree with them."""

from __future__ import annotations

import re

from venuedesk.understanding.cancellation import cancelling_sentences
from venuedesk.understanding.kept_dates import kept_date_clauses
from venuedesk.understanding.model import Intent, Negotiation
from venuedesk.understanding.negotiation import declining_sentences
from venuedesk.understanding.negotiation_patterns import APPROVAL_SUBJECT, APPROVED, DECISION_TIME, PENDING, REPLY_TIME
from venuedesk.understanding.sentences import Sentence
from venuedesk.understanding.signals import PaymentFindings, site_visit_clauses

Span = tuple[int, int]
_CLAUSE = re.compile(r"[^.;!?\n]+")


def pending_sentences(text: str, sentences: tuple[Sentence, ...]) -> list[Span]:
    """Sentences that leave the decision open: "we'll confirm by Friday whether we go ahead"."""
    return [(s.start, s.end) for s in sentences if PENDING.search(text, s.start, s.end)]


def not_event_dates(
    text: str, sentences: tuple[Sentence, ...], payment: PaymentFindings, *, date_in_focus: bool = False
) -> list[Span]:
    """Spans whose dates are never the event's: a payment, a site visit, a decline or cancellation, an open
    decision, when the client would decide ("if we book today"), answer ("we'll get back to you next week") or get
    their budget approved, the event's date already in focus said to hold ("our date in May stays as it is";
    without one in focus, "still on Thursday 12 March" tells the date)."""
    spans = payment.consumed + site_visit_clauses(text) + pending_sentences(text, sentences)
    spans += [m.span() for m in DECISION_TIME.finditer(text)]
    spans += [m.span() for m in REPLY_TIME.finditer(text)]
    spans += approval_clauses(text)
    spans += [(s.start, s.end) for s in declining_sentences(text, sentences)]
    spans += cancelling_sentences(text, sentences)
    spans += kept_date_clauses(text, sentences) if date_in_focus else []
    return spans


def approval_clauses(text: str) -> list[Span]:
    """Clauses about the client's budget or sign-off coming through ("Unser Budget wird erst im März freigegeben")."""
    return [clause.span() for clause in _CLAUSE.finditer(text)
            if APPROVAL_SUBJECT.search(text, *clause.span()) and APPROVED.search(text, *clause.span())]


def offer_intents(
    intents: list[Intent], negotiation: Negotiation | None, *, pending: bool, signals: list[Intent]
) -> list[Intent]:
    """The intents agreeing with the negotiation stance (a counter or decline is never also acceptance, an
    open decision accepts nothing), followed by the step 5-7 signals."""
    drop: set[str] = set()
    add: list[Intent] = []
    if negotiation is None:
        if pending:
            drop.add("acceptance")
    else:
        if negotiation.stance in ("counter", "decline", "question"):
            drop.add("acceptance")
        if negotiation.stance != "decline":
            drop.add("decline")
        if negotiation.stance == "accept" and negotiation.strength == "strong":
            add.append("acceptance")
        elif negotiation.stance == "decline":
            add.append("decline")
        elif negotiation.stance == "counter":
            add.append("counter")
    merged = [intent for intent in intents if intent not in drop]
    return merged + [intent for intent in [*add, *signals] if intent not in merged]
