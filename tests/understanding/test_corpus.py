"""Every corpus message yields the facts it must (docs/understanding.md "Measuring understanding")."""

from __future__ import annotations

from pathlib import Path

import pytest

from venuedesk.golden.corpus import CorpusScore, load_corpus, read_entry, score_corpus
from venuedesk.venue.loader import load_venue

CORPUS = load_corpus(Path(__file__).parent / "corpus")


def _param(entry: dict) -> object:
    marks = [pytest.mark.xfail(reason=entry["known_miss"], strict=True)] if entry.get("known_miss") else []
    return pytest.param(entry, id=f"{entry['file']}:{entry['id']}", marks=marks)


@pytest.mark.parametrize("entry", [_param(entry) for entry in CORPUS])
def test_corpus_message_yields_its_facts(entry, shipped_venue):
    score = CorpusScore()
    misses = score.add(entry, read_entry(entry, shipped_venue), shipped_venue)
    assert not misses, "\n".join(f"{m.fact}: expected {m.expected!r}, got {m.got!r}" for m in misses)


def test_corpus_entries_have_unique_ids():
    ids = [(entry["file"], entry["id"]) for entry in CORPUS]
    assert len(ids) == len(set(ids))


def test_a_wrong_head_count_is_a_miss_and_a_missing_one_is_not_a_guess():
    venue = load_venue()
    score = CorpusScore()
    entry = {"id": "x", "text": "for 20 people", "expect": {"participants": 30}}
    assert [m.fact for m in score.add(entry, read_entry(entry, venue), venue)] == ["count"]
    ask = {"id": "y", "text": "a room please", "expect": {"participants": "ask"}}
    assert score.add(ask, read_entry(ask, venue), venue) == []
    assert score.tallies["count"].wrong_where_ask == 0


THRESHOLD = 0.95
MEASURED_FACTS = ("count", "date", "window", "layout", "products", "room", "intent")


def test_corpus_has_at_least_80_messages_in_both_languages():
    by_language = {lang: [e for e in CORPUS if e["file"].endswith(f"_{lang}.yaml")] for lang in ("en", "de")}
    assert len(CORPUS) >= 80
    assert min(len(entries) for entries in by_language.values()) >= 30


def test_every_fact_type_is_read_with_95_percent_precision_and_recall(shipped_venue):
    score = score_corpus(CORPUS, shipped_venue)
    for fact in MEASURED_FACTS:
        tally = score.tallies[fact]
        assert tally.precision >= THRESHOLD and tally.recall >= THRESHOLD, f"{fact}\n{score.report()}"


def test_no_fact_is_read_with_confidence_where_the_desk_must_ask(shipped_venue):
    score = score_corpus(CORPUS, shipped_venue)
    assert all(tally.wrong_where_ask == 0 for tally in score.tallies.values()), score.report()
