"""The understanding measured on realistic corpora (tests/corpora): ≥ 95 % per fact, 100 % on the "never" rules.

"Never" rules: a payment claim, an amount, a percentage or an address is never an event date, a head
count, a room or a product; a message with no address never yields one.
"""

from __future__ import annotations

import pytest
from .corpus_scoring import Score, load, score_billing, score_negotiation

THRESHOLD = 0.95
NEGOTIATION = ("negotiation_en.yaml", "negotiation_de.yaml")
BILLING = ("billing_en.yaml", "billing_de.yaml")


def _assert_scores(score: Score) -> None:
    report = score.report()
    for fact in score.facts():
        needed = 1.0 if fact.startswith("never:") else THRESHOLD
        assert score.accuracy(fact) >= needed, f"{fact} below {needed:.0%}\n{report}"


@pytest.mark.parametrize("corpus", NEGOTIATION)
def test_negotiation_corpus_meets_the_accuracy_thresholds(read, corpus):
    score = Score()
    for item in load(corpus):
        score_negotiation(score, item, read(item["text"]))
    _assert_scores(score)


@pytest.mark.parametrize("corpus", BILLING)
def test_billing_corpus_meets_the_accuracy_thresholds(read, corpus):
    score = Score()
    for item in load(corpus):
        score_billing(score, item, read(item["text"]))
    _assert_scores(score)


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_language_has_at_least_40_corpus_messages(language):
    total = sum(len(load(name)) for name in (*NEGOTIATION, *BILLING) if name.endswith(f"_{language}.yaml"))
    assert total >= 40


def test_a_corpus_miss_is_reported_and_fails_the_threshold(read):
    score = Score()
    score_negotiation(score, {"text": "ok", "expect": {"stance": "decline"}}, read("ok"))
    assert score.accuracy("stance") == 0.0
    with pytest.raises(AssertionError, match="stance below 95%"):
        _assert_scores(score)
