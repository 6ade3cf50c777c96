"""split_reply: the client's new text apart from quoted history and the signature (issue 9 class 1)."""

from __future__ import annotations

import time
from datetime import date

from venuedesk.understanding import understand
from venuedesk.understanding.mail_text import split_reply

TODAY = date(2026, 2, 2)


def test_an_outlook_original_message_is_quoted_history():
    parts = split_reply("We will be 35 people.\n\n-----Original Message-----\nFrom: The Atelier\n"
                        "Sent: Friday, 30 January 2026\nSubject: RE: x\n\nA room for 20 people on 5 May?")
    assert parts.body == "We will be 35 people."
    assert parts.quoted.startswith("-----Original Message-----") and "20 people" in parts.quoted


def test_a_german_outlook_header_block_is_quoted_history():
    parts = split_reply("Wir sind 32 Personen.\n\nVon: Anna Keller <anna@atelier.example>\n"
                        "Gesendet: Freitag, 30. Januar 2026 16:40\nAn: Beat\nBetreff: AW: Teamtag\n\n20 Personen")
    assert parts.body == "Wir sind 32 Personen."
    assert "20 Personen" in parts.quoted


def test_am_schrieb_and_on_wrote_lines_start_the_quote():
    german = split_reply("passt\n\nAm Mo., 2. Feb. 2026 um 10:15 Uhr schrieb The Atelier <e@a.example>:\n> 40 Personen")
    english = split_reply("ok\n\nOn Mon, 2 Feb 2026 at 10:15, The Atelier <e@a.example> wrote:\n> 40 people")
    assert (german.body, english.body) == ("passt", "ok")
    assert "40 Personen" in german.quoted and "40 people" in english.quoted


def test_forward_markers_the_library_misses_start_the_quote():
    for marker in ("---------- Forwarded message ---------", "-------- Ursprüngliche Nachricht --------",
                   "Begin forwarded message:", "Anfang der weitergeleiteten Nachricht:"):
        parts = split_reply(f"Please plan for 60 people.\n\n{marker}\nSubject: x\n\n80 people on 7 May")
        assert parts.body == "Please plan for 60 people.", marker
        assert "80 people" in parts.quoted


def test_inline_answers_stay_in_the_body_and_the_quoted_questions_do_not():
    parts = split_reply("See below.\n\n> How many guests?\n45\n\n> Which date, 3 or 10 June?\n10 June please")
    assert parts.body == "See below.\n\n45\n\n10 June please"
    assert parts.quoted == "> How many guests?\n> Which date, 3 or 10 June?"


def test_a_signature_with_phone_and_address_is_not_body():
    parts = split_reply("A board meeting for 14 people on 17 March.\n\nKind regards\nDr. Helen Fischer\n"
                        "Alpine Robotics AG\nSeefeldstrasse 128\n8008 Zürich\nT +41 44 388 12 00")
    assert parts.body == "A board meeting for 14 people on 17 March."
    assert parts.signature.startswith("Kind regards") and "8008 Zürich" in parts.signature


def test_a_dash_dash_line_starts_the_signature():
    parts = split_reply("Room for 12 please.\n-- \nMarkus Huber\nTel. 044 482 19 90")
    assert parts.body == "Room for 12 please."
    assert "044 482 19 90" in parts.signature


def test_sent_from_my_phone_lines_are_signature_in_both_languages():
    assert split_reply("Add the dinner please.\n\nSent from my iPhone").body == "Add the dinner please."
    assert split_reply("Bitte mit Apéro.\n\nVon meinem iPhone gesendet").body == "Bitte mit Apéro."


def test_a_postscript_after_the_signature_stays_in_the_body():
    parts = split_reply("We'd like 12 March.\n\nBest regards\nTom\n\nP.S. we will be 40 people")
    assert "P.S. we will be 40 people" in parts.body
    assert parts.signature == "Best regards\nTom"


def test_a_thanks_line_before_the_request_is_not_a_signature():
    parts = split_reply("Thanks!\n\nWe would like a workshop for 30 people on 12 March, all day, with lunch for "
                        "everyone.\n\nBest,\nTom")
    assert "30 people" in parts.body
    assert parts.signature == "Best,\nTom"


def test_a_thank_you_followed_by_a_short_sentence_is_not_a_signature():
    parts = split_reply("Hi,\n\nThanks Anna\nWe are 30 people.\nDanke\nWir sind 30 Personen.")
    assert "We are 30 people." in parts.body and "Wir sind 30 Personen." in parts.body


def test_a_thank_you_followed_by_a_name_and_phone_is_a_signature():
    parts = split_reply("Room B for 20 please.\n\nMany thanks\nOlivia Grant\n+44 20 7946 0958")
    assert parts.body == "Room B for 20 please."


def test_a_closing_line_followed_by_long_sentences_is_not_a_signature():
    text = ("Hello,\n\nThank you\nWe would like to come with the whole department on the 12th of March, and we "
            "need a projector as well as lunch for everybody.")
    assert split_reply(text).body == text


def test_a_request_with_time_lines_is_not_a_mail_header():
    text = "Anfrage\nDatum: 14. April 2026\nVon: 09:00\nBis: 17:00\nPersonen: 30"
    assert split_reply(text).body == text


def test_a_message_with_nothing_left_after_stripping_is_all_body():
    forward = "---------- Forwarded message ---------\nFrom: CEO <c@x.example>\nSubject: x\n\n30 people on 7 May"
    assert split_reply(forward).body == forward
    assert split_reply(forward).quoted == ""


def test_splitting_a_body_again_changes_nothing():
    parts = split_reply("ok\n\nOn Mon, 2 Feb 2026, The Atelier wrote:\n> 40 people\n\nBest\nTom")
    assert split_reply(parts.body).body == parts.body


def test_understanding_ignores_quoted_facts_and_signature_numbers(venue):
    text = ("We will be 35 people on 12 March.\n\nBest regards\nTom\nBahnhofstrasse 45, 8001 Zurich\n"
            "Phone +41 44 215 77 80\n\nOn 30 Jan 2026, at 09:41, Atelier <e@a.example> wrote:\n"
            "> A room for 20 people on 5 May, 13:00-17:00?")
    facts = understand(text, venue, TODAY)
    assert facts.participants == 35
    assert facts.dates == [date(2026, 3, 12)]
    assert facts.window is None


def test_splitting_a_long_mail_takes_a_few_milliseconds_at_most():
    text = ("Hello,\n\nwe will be 35 people on 12 March.\n\nBest regards\nTom\nPhone +41 44 215 77 80\n\n"
            + "-----Original Message-----\nFrom: A\nSent: B\nSubject: C\n\n" + "> quoted line with 20 people\n" * 150)
    timings = []
    for _ in range(20):
        start = time.perf_counter()
        split_reply(text)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.005


def test_a_bare_number_under_a_quoted_head_count_question_is_the_count(read):
    assert read("Hello,\n\nsee below.\n\n> How many guests are you expecting?\n45\n\nBest, Tom").participants == 45


def test_a_bare_number_under_a_german_quoted_question_is_the_count(read):
    assert read("Hallo\n\n> Für wie viele Personen dürfen wir planen?\n32\n\nGruss Lea").participants == 32


def test_a_quoted_question_about_something_else_makes_no_bare_number_a_count(read):
    assert read("Hello,\n\n> Which room would you like?\n2\n\nBest, Tom").participants is None
