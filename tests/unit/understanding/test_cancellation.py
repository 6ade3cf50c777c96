"""The `cancel` signal (docs/design.md §4.13 Cancellation), measured on tests/corpora/cancellation_{en,de}.yaml:
every real cancellation is read, and never one where the client only asks, hedges, names the terms or drops a
part; its dates are never moved by it."""

from __future__ import annotations

import pytest

from .corpus_scoring import Score, load, score_never_rules

CORPORA = ("cancellation_en.yaml", "cancellation_de.yaml")


def _score(read, corpus: str) -> Score:
    score = Score()
    for item in load(corpus):
        text, expect = item["text"], item["expect"]
        found = read(text)
        fact = "cancel" if expect["cancel"] else "never:cancel"
        score.check(fact, text, expect["cancel"], "cancel" in found.intents)
        score_never_rules(score, text, expect, found)
    return score


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_cancellation_in_the_corpus_is_read(read, corpus):
    score = _score(read, corpus)
    assert score.accuracy("cancel") == 1.0, score.report()


@pytest.mark.parametrize("corpus", CORPORA)
def test_no_question_condition_terms_or_part_is_read_as_a_cancellation(read, corpus):
    score = _score(read, corpus)
    assert score.accuracy("never:cancel") == 1.0, score.report()


@pytest.mark.parametrize("corpus", CORPORA)
def test_a_cancellation_never_gives_an_event_date_or_head_count(read, corpus):
    score = _score(read, corpus)
    assert score.accuracy("never:date") == 1.0 and score.accuracy("never:participants") == 1.0, score.report()


def test_a_cancellation_is_also_a_decline_of_the_booking(read):
    found = read("Wir müssen leider absagen.")
    assert {"cancel", "decline"} <= set(found.intents)
    assert found.negotiation is not None and found.negotiation.stance == "decline"
