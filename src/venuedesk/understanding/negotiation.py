"""How a message answers an offer: accept (strong or weak), decline, counter (with what it asks), question.

Decisions (docs/design.md §4.13):
- A question is never acceptance ("Is this the final price?") — except a yes/no question asking to book
  the offer as it stands ("Können wir das so buchen?", "can we book it like this?"): that is what a
  clerk would take as a yes, so it is a strong acceptance (the message still carries the `question` intent).
- A negated acceptance ("we can't accept") is a counter when it is about the price, else a decline.
- A conditional acceptance ("we'd accept if …") is a counter when the condition is about price or
  something for free, else a question; it is never an acceptance.
- Bare assent ("ok", "yes", "passt") alone is a weak acceptance: it accepts only in direct reply to an
  offer, and the engine knows whether the message is one.
- Amounts and percentages are read here only; they are masked before counts and dates are read.
"""

from __future__ import annotations

import re

from venuedesk.understanding.intent_patterns import GREETING, HYPOTHETICAL
from venuedesk.understanding.model import Negotiation
from venuedesk.understanding.money import Amount
from venuedesk.understanding.negotiation_patterns import (
    ACCEPT_STRONG,
    ACCEPT_WORD,
    AMOUNT_ASK,
    ASSENT,
    BOOKING_QUESTION,
    CONDITIONAL,
    COUNTER,
    DECLINE,
    FILLER,
    NEGATED_ACCEPT,
    OFFER_QUESTION,
    PENDING,
    PRICE_TERMS,
)
from venuedesk.understanding.sentences import Sentence

_LEFTOVER = re.compile(r"[^\W\d_]+")
# Words that turn bare assent into something else: "ok but …", "yes, no wait", "ja aber".
_NOT_ASSENT = frozenset(
    "no not but however although wait hmm maybe perhaps unsure nein nicht aber jedoch vielleicht moment "
    "eventuell noch".split()
)
_REPLACES = re.compile(
    r"\b(?:instead|rather|move|switch|postpone|reschedule|stattdessen|verschieben|umbuchen|lieber|anstatt|"
    r"statt\s+(?:am|dem|des|\d))\b"
)
_BUT = re.compile(r",\s*(?:but|however|though|aber|jedoch|allerdings)\b")
_OFF_AFTER = re.compile(
    r"\s*(?:off|less|discount|reduction|rabatt|nachlass\w*|weniger|reduktion|günstiger|billiger|cheaper|skonto|"
    r"ermässigung|preisnachlass)\b"
)
_OFF_BEFORE = re.compile(
    r"(?:discount|reduction|rabatt|nachlass|reduktion|reduce\s+(?:it\s+)?by|um|by)\s+(?:of\s+|von\s+)?$"
)


def find_negotiation(
    text: str, sentences: tuple[Sentence, ...], amounts: list[Amount], *, has_other_facts: bool
) -> Negotiation | None:
    """The message's stance on an offer, or None when it takes none."""
    sentences = tuple(s for s in sentences if not PENDING.search(text, s.start, s.end))
    questions = [s for s in sentences if s.question]
    price_said = bool(amounts) or _any(PRICE_TERMS, text, sentences)
    if _any(NEGATED_ACCEPT, text, sentences):
        if price_said or _any(COUNTER, text, sentences):
            return _counter(text, amounts)
        return Negotiation(stance="decline")
    conditional = _conditional(text, sentences)
    if conditional is not None:
        if _any(PRICE_TERMS, text, [conditional]) or _amount_in(amounts, conditional):
            return _counter(text, amounts).model_copy(update={"conditional": True})
        return Negotiation(stance="question", conditional=True)
    if _any(DECLINE, text, declining_sentences(text, sentences)):
        return Negotiation(stance="decline")
    amount_off = any(_is_off(text, a) for a in amounts)
    if _any(COUNTER, text, sentences) or amount_off or _asks_amount(text, sentences, amounts):
        return _counter(text, amounts)
    stated = _statement_parts(text, sentences)
    if _any(BOOKING_QUESTION, text, questions) or _any(ACCEPT_STRONG, text, stated):
        return Negotiation(stance="accept", strength="strong")
    if questions and _any(OFFER_QUESTION, text, questions):
        return Negotiation(stance="question")
    if not questions and not has_other_facts and _only_assent(text):
        return Negotiation(stance="accept", strength="weak")
    return None




def declining_sentences(text: str, sentences: tuple[Sentence, ...]) -> list[Sentence]:
    """Sentences that turn the booking down; one that also changes it ("cancel the 12th, take the 19th
    instead") is a change, and a question about a case ("what happens if we have to cancel?") asks the terms."""
    return [
        s for s in sentences if DECLINE.search(text, s.start, s.end) and not _REPLACES.search(text, s.start, s.end)
        and not (s.question and HYPOTHETICAL.search(text, s.start, s.end))
    ]


def _any(pattern: re.Pattern[str], text: str, sentences: list[Sentence] | tuple[Sentence, ...]) -> bool:
    return any(pattern.search(text, s.start, s.end) for s in sentences)


def _statement_parts(text: str, sentences: tuple[Sentence, ...]) -> list[Sentence]:
    """Statements, plus the stated part of a question ("We'd like to accept, but could you drop …?")."""
    parts: list[Sentence] = []
    for sentence in sentences:
        if not sentence.question:
            parts.append(sentence)
            continue
        turn = _BUT.search(text, sentence.start, sentence.end)
        if turn:
            parts.append(Sentence(sentence.start, turn.start(), False, sentence.request,
                                  sentence.info_request))
    return parts


def _conditional(text: str, sentences: tuple[Sentence, ...]) -> Sentence | None:
    """A sentence that accepts on a condition ("we'd accept if …", "wir buchen, wenn …")."""
    for sentence in sentences:
        condition = CONDITIONAL.search(text, sentence.start, sentence.end)
        if condition and ACCEPT_WORD.search(text, sentence.start, sentence.end):
            return sentence
    return None


def _asks_amount(text: str, sentences: tuple[Sentence, ...], amounts: list[Amount]) -> bool:
    """A question naming a price to meet: "could you do it for 1800?", "geht es für CHF 2000?"."""
    money = [a for a in amounts if a.kind == "money"]
    return any(
        s.question and _amount_in(money, s) and AMOUNT_ASK.search(text, s.start, s.end) for s in sentences
    )


def _amount_in(amounts: list[Amount], sentence: Sentence) -> bool:
    return any(sentence.start <= a.start < sentence.end for a in amounts)


def _counter(text: str, amounts: list[Amount]) -> Negotiation:
    """A counter with the first percentage, amount off or total the client named."""
    found = Negotiation(stance="counter")
    percents = sorted((a for a in amounts if a.kind == "percent"), key=lambda a: not _is_off(text, a))
    if percents and 0 < percents[0].value < 100:
        found.discount_percent = percents[0].value
    for amount in amounts:
        if amount.kind == "percent":
            continue
        if _is_off(text, amount):
            found.discount_amount = found.discount_amount or amount.value
        elif found.target_total is None:
            found.target_total = amount.value
    return found


def _is_off(text: str, amount: Amount) -> bool:
    """Whether an amount is what should come off: "10 % off", "200 Franken weniger", "a discount of 10 %"."""
    before = text[max(0, amount.start - 30) : amount.start]
    return bool(_OFF_AFTER.match(text, amount.end) or _OFF_BEFORE.search(before))


def _only_assent(text: str) -> bool:
    """True when nothing but assent, thanks, greetings and at most a short signature remains."""
    if not ASSENT.search(text):
        return False
    rest = FILLER.sub(" ", GREETING.sub(" ", ASSENT.sub(" ", text)))
    leftover = _LEFTOVER.findall(rest)
    return len(leftover) <= 2 and not _NOT_ASSENT.intersection(leftover) and not re.search(r"\d", rest)
