"""Knowledge topics the client asks about, found by the venue's knowledge keywords."""

from __future__ import annotations

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
