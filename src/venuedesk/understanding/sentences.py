"""Sentence splitting and sentence kinds: question, request, information request."""

from __future__ import annotations

import re
from dataclasses import dataclass

from venuedesk.understanding.calendar_words import MONTHS, alternation

_CANDIDATE = re.compile(r"[?!]+|\n+|\.(?=\s|$)")
_PREVIOUS_WORD = re.compile(r"(\w+)$")
_NEXT_WORD = re.compile(r"\s*(\S+)")
_ABBREVIATIONS = frozenset(
    {
        "ca",
        "nr",
        "no",
        "st",
        "dr",
        "mr",
        "mrs",
        "ms",
        "vs",
        "bzw",
        "usw",
        "etc",
        "inkl",
        "evtl",
        "approx",
        "z",
        "b",
        "min",
        "max",
        "u",
    }
)
_DATE_CONTINUES = re.compile(rf"(?:{alternation(MONTHS)}|bis|und|-|\d)")
_LEADING_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|dear|hallo|grüezi|gruezi|servus|moin|good\s+(?:morning|afternoon|evening)|"
    r"guten\s+(?:tag|morgen|abend)|thanks|thank\s+you|danke|ok|okay|great|perfect|super|perfekt|also|so|"
    r"well|yes|ja|no|nein)\b[\s,!.:-]*)+"
)
_QUESTION_START = re.compile(
    r"^(?:what|when|where|which|who|whom|whose|why|how|is|are|was|were|do|does|did|can|could|would|will|"
    r"should|shall|may|might|have\s+you|has|any|wo|woher|wohin|wann|welche[rsnm]?|wer|wem|wen|warum|wieso|"
    r"weshalb|wie|ist|sind|gibt|gäbe|haben|hat|hätten|habt|können|könnten|kann|dürfen|darf|müssen|muss|"
    r"wäre|wären|besteht|bieten|bietet)\b"
)
_REQUEST = re.compile(
    r"\b(?:please|pls|kindly|add|include|also|book|order|reserve|we'd\s+like|we\s+would\s+like|i'd\s+like|"
    r"want|put|bitte|hinzufügen|dazu|dazu\w+|hinzu\w+|einplanen|buchen|bestellen|reservieren|möchten|hätten\s+gerne?|gerne|auch|"
    r"drop|remove|streichen|entfernen)\b"
)
_INFO_REQUEST = re.compile(
    r"\b(?:tell\s+me|tell\s+us|let\s+me\s+know|let\s+us\s+know|information|info|details|wondering|"
    r"(?:like|want|need)\s+to\s+know|explain|inform|curious|erzählen|informationen|auskunft|wissen|"
    r"mitteilen|sagen\s+sie|infos?)\b"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the message: its span in the normalised text and what kind it is."""

    start: int
    end: int
    question: bool
    request: bool
    info_request: bool

    @property
    def pure_question(self) -> bool:
        """A question that does not also ask for something to be booked ("do you have a projector?")."""
        return self.question and not self.request


def _classify(text: str, start: int, end: int) -> Sentence:
    """Decide what kind of sentence text[start:end] is."""
    body = text[start:end]
    stripped = _LEADING_GREETING.sub("", body).strip()
    question = "?" in body or bool(_QUESTION_START.match(stripped))
    return Sentence(start, end, question, bool(_REQUEST.search(body)), bool(_INFO_REQUEST.search(body)))


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """Whether a full stop ends a sentence (not "ca.", not the ordinal dot of "12. Februar")."""
    if match.group(0) != ".":
        return True
    previous = _PREVIOUS_WORD.search(text, max(0, match.start() - 12), match.start())
    if previous is None:
        return True
    word = previous.group(1)
    if word in _ABBREVIATIONS:
        return False
    if word.isdigit():
        following = _NEXT_WORD.match(text, match.end())
        return following is None or not _DATE_CONTINUES.match(following.group(1))
    return True


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split normalised text into classified sentences; the question mark stays with its sentence."""
    sentences: list[Sentence] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if not _is_boundary(text, match):
            continue
        end = match.end()
        if text[start:end].strip(" \n.!?"):
            sentences.append(_classify(text, start, end))
        start = end
    if text[start:].strip(" \n.!?"):
        sentences.append(_classify(text, start, len(text)))
    return tuple(sentences)


def sentence_at(sentences: tuple[Sentence, ...], position: int) -> Sentence | None:
    """The sentence containing a position of the normalised text."""
    for sentence in sentences:
        if sentence.start <= position < sentence.end:
            return sentence
    return None
