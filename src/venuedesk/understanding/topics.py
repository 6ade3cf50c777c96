"""Knowledge topics the client asks about, found by the venue's knowledge keywords."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from venuedesk.understanding.lexicon import Lexicon
from venuedesk.understanding.sentences import Sentence, sentence_at


def find_topics(text: str, lexicon: Lexicon, sentences: tuple[Sentence, ...]) -> list[str]:
    """Topics whose keywords occur in a question or a request for information, in order of mention."""
    topics: list[str] = []
    if lexicon.topics is None:
        return topics
    for match in lexicon.topics.finditer(text):
        sentence = sentence_at(sentences, match.start())
        if sentence is None or not (sentence.question or sentence.info_request):
            continue
        topic = lexicon.topic(match.group("t"))
        if topic is not None and topic not in topics:
            topics.append(topic)
    return topics


# A clause of a question ends at a comma, semicolon or "and"/"or": "can we book Room B, and is there parking?"
_WRAPPED_LINES = 3
_CLAUSE_BREAK = re.compile(r"[,;]|\b(?:and|or|und|oder|but|aber)\b")


def topic_question_clauses(text: str, lexicon: Lexicon, sentences: tuple[Sentence, ...]) -> list[tuple[int, int]]:
    """The clauses of questions (or requests for information) that ask a venue question: "how far ahead do we need
    to book?" asks about the venue's terms, so its "book" asks for no booking."""
    spans: list[tuple[int, int]] = []
    if lexicon.topics is None:
        return spans
    position = {sentence.start: index for index, sentence in enumerate(sentences)}
    breaks: dict[tuple[int, int], tuple[list[int], list[int]]] = {}  # per wrapped sentence: clause break starts, ends
    for match in lexicon.topics.finditer(text):
        sentence = sentence_at(sentences, match.start())
        if sentence is None:
            continue
        wrapped = _wrapped(text, sentences, position, sentence)
        if not any(part.question or part.info_request for part in wrapped):
            continue
        first, last = wrapped[0].start, wrapped[-1].end
        if (first, last) not in breaks:
            found = list(_CLAUSE_BREAK.finditer(text, first, last))
            breaks[(first, last)] = ([m.start() for m in found], [m.end() for m in found])
        starts, ends = breaks[(first, last)]
        before = bisect_right(ends, match.start())
        after = bisect_left(starts, match.end())
        span = (ends[before - 1] if before else first, starts[after] if after < len(starts) else last)
        if not spans or spans[-1] != span:
            spans.append(span)
    return spans


def _wrapped(text: str, sentences: tuple[Sentence, ...], position: dict[int, int], sentence: Sentence) -> list[Sentence]:
    """The sentence with the lines a mail's hard wrap cut from it ("how far ahead do we⏎need to book?"): a line
    ending without punctuation, followed by a single line break, goes on in the next sentence (a few lines at
    most)."""
    chain = [sentence]
    for nxt in sentences[position[sentence.start] + 1:position[sentence.start] + 1 + _WRAPPED_LINES]:
        line_end = text[chain[-1].start:chain[-1].end].rstrip(" ")
        if not line_end.endswith("\n") or line_end.endswith("\n\n") or line_end.rstrip()[-1:] in ".!?,;:":
            break
        chain.append(nxt)
    return chain
