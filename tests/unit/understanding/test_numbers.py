"""Number words, counting idioms, side remarks, absurd values and the confidence of a head count (issue 9)."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.understanding import understand
from venuedesk.understanding.context import MessageContext
from venuedesk.understanding.numbers import find_number_words
from venuedesk.understanding.text import normalize

TODAY = date(2026, 2, 2)
ASKED_COUNT = MessageContext(asked=("participants",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("forty-five", 45),
        ("one hundred and twenty", 120),
        ("two thousand", 2000),
        ("sechzig", 60),
        ("fünfundzwanzig", 25),
        ("fuenfundzwanzig", 25),
        ("zweihundert", 200),
        ("hundertzwanzig", 120),
        ("dreissig", 30),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("two dozen", 24),
        ("ein halbes dutzend", 6),
        ("zwei dutzend", 24),
    ],
)
def test_spelled_numbers_and_idioms_have_their_value(text, expected):
    assert [word.value for word in find_number_words(text)] == [expected]


@pytest.mark.parametrize("text", ["one of the rooms", "ein raum", "eine frage", "und so weiter", "a couple of us"])
def test_articles_and_vague_quantities_are_no_numbers(text):
    assert find_number_words(text) == []


def test_normalised_text_maps_digits_back_to_the_words_written():
    norm = normalize("Wir sind zweihundert Gäste")
    assert norm.text == "wir sind 200 gäste"
    assert norm.source(9, 18) == "zweihundert Gäste"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'll be thirty people, three of us are vegan.", 30),
        ("There will be 25 participants; two guests use a wheelchair.", 25),
        ("We ran four events with 200 people last year. This time we are 18 people.", 18),
        ("Wir sind 40 Personen, drei davon essen vegan.", 40),
        ("We are 30 people, 10 of us from Zurich.", 30),
    ],
)
def test_a_side_remark_never_replaces_the_head_count(venue, text, expected):
    assert understand(text, venue, TODAY).participants == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("A family party for 40 people including children.", 40), ("30 participants with 3 speakers", 30),
     ("Wir sind 25 Personen inklusive Referenten.", 25)],
)
def test_who_the_group_includes_is_no_side_remark(venue, text, expected):
    assert understand(text, venue, TODAY).participants == expected


def test_a_side_remark_alone_is_no_head_count(venue):
    assert understand("Three of us are vegan.", venue, TODAY).participants is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Room for 1e6 people please", "1e6 people"),
        ("Bitte für 100000 Personen", "100000 Personen"),
        ("We are 1,000,000 guests", "1,000,000 guests"),
        ("a million people", "a million people"),
        ("for 9000 people", "9000 people"),
    ],
)
def test_an_absurd_head_count_is_a_problem_never_truncated(venue, text, words):
    result = understand(text, venue, TODAY)
    assert result.participants is None
    assert [(p.field, p.code, p.text) for p in result.problems] == [("participants", "implausible", words)]


@pytest.mark.parametrize(("text", "expected"), [("30-35 people", 35), ("zwischen 20 und 24 Personen", 24)])
def test_a_narrow_range_is_its_upper_bound_with_certainty(venue, text, expected):
    result = understand(text, venue, TODAY)
    assert (result.participants, result.unsure("participants")) == (expected, False)


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("about 30-40 people", 40, "range"),
        ("30-60 people", 60, "range"),
        ("We are maybe 20 people, maybe more.", 20, "hedged"),
        ("Wir sind mindestens 20 Personen.", 20, "hedged"),
        ("Our team of 12 plus 3 guests", 15, "sum"),
        ("12 Personen + 3 Gäste", 15, "sum"),
        ("20 staff plus 4 external speakers", 24, "sum"),
    ],
)
def test_an_uncertain_head_count_is_read_but_unsure(venue, text, expected, reason):
    result = understand(text, venue, TODAY)
    assert (result.participants, result.unsure("participants")) == (expected, True)
    assert [item.reason for item in result.confidence] == [reason]


@pytest.mark.parametrize(("text", "expected"), [("45", 45), ("Sixty, thanks!", 60), ("Etwa fünfzig.", 50)])
def test_a_bare_number_answering_how_many_guests_is_the_count(venue, text, expected):
    assert understand(text, venue, TODAY, context=ASKED_COUNT).participants == expected


@pytest.mark.parametrize("text", ["45", "Danke, 45"])
def test_a_bare_number_is_no_count_when_the_desk_did_not_ask(venue, text):
    assert understand(text, venue, TODAY).participants is None


def test_actually_a_larger_count_is_read(venue):
    assert understand("Quick update: we'll actually be 400.", venue, TODAY).participants == 400


@pytest.mark.parametrize(
    "text",
    ["Is it warmer in June?", "Is the terrace open in summer?", "Do you close over Christmas?",
     "Haben Sie über Weihnachten geschlossen?", "Ist die Terrasse im Sommer offen?"],
)
def test_a_general_question_mentioning_a_time_of_year_gives_no_date(venue, text):
    result = understand(text, venue, TODAY)
    assert (result.dates, result.vague, result.span) == ([], None, None)


def test_a_question_about_availability_in_a_month_still_gives_the_month(venue):
    assert understand("Is Room B free in June?", venue, TODAY).vague is not None


def test_a_price_to_meet_after_an_amount_is_no_head_count(venue):
    assert understand("2400 Franken ist uns zu viel, ginge es für 2000?", venue, TODAY).participants is None
