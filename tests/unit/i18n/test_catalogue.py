"""The gettext catalogue: keys in, the client's language out, English as the fallback, plural forms by count."""

from __future__ import annotations

import pytest

from venuedesk.i18n import CATALOGUE, say, say_n
from venuedesk.workflow import texts


def test_say_keeps_its_signature_and_fills_placeholders():
    assert texts.say("products_noted", "de", items="Kaffee & Tee") == "Notiert: Kaffee & Tee."
    assert texts.say("products_noted", "en", items="Coffee") == "Noted: Coffee."


def test_a_language_without_a_catalogue_reads_english():
    assert say("ask_email", "sv") == say("ask_email", "en")


def test_an_unknown_key_is_a_clear_error():
    with pytest.raises(KeyError, match="no message 'no_such_key' in the English catalogue"):
        say("no_such_key", "de")


@pytest.mark.parametrize(("count", "english", "german"), [
    (1, "at least 1 day to prepare", "mindestens 1 Tag Vorlauf"),
    (3, "at least 3 days to prepare", "mindestens 3 Tage Vorlauf"),
])
def test_plural_forms_follow_the_count(count, english, german):
    values = {"date": "x", "lead": count, "first": "y"}
    assert english in say_n("date_too_soon", count, "en", **values)
    assert german in say_n("date_too_soon", count, "de", **values)


def test_weekday_plurals_come_from_the_catalogue_not_from_appending_letters():
    assert [texts.weekday_name(1, "de", count=n) for n in (1, 2)] == ["Dienstag", "Dienstage"]
    assert [texts.weekday_name(5, "en", count=n) for n in (1, 2)] == ["Saturday", "Saturdays"]


def test_footer_next_words_are_catalogue_messages():
    assert texts.next_text("room", "de") == "Raum wählen"
    assert texts.next_text("room", "en") == "choose a room"


def test_the_po_files_are_the_only_source_no_compiled_mo_is_needed():
    assert not list(CATALOGUE.locale_dir.rglob("*.mo"))
    assert CATALOGUE.po_path("de").is_file()
