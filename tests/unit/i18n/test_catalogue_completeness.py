"""Every message id has every language, with the same {placeholders} and plural shape as English."""

from __future__ import annotations

import string

import pytest

from venuedesk.i18n import CATALOGUE
from venuedesk.workflow import texts

LANGUAGES = CATALOGUE.languages()
ENGLISH = CATALOGUE.messages("en")
# The only placeholders a translation may leave out, each with its reason. Everything else must match exactly.
MAY_OMIT = {
    # German says "Das Haus schliesst/öffnet" (golden 31) where English names the venue.
    ("de", "window_after_closing"): {"venue"},
    ("de", "window_before_opening"): {"venue"},
}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def test_the_catalogue_has_english_and_german():
    assert LANGUAGES[0] == "en"
    assert "de" in LANGUAGES


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_message_id_has_every_language(language):
    messages = CATALOGUE.messages(language)
    missing = sorted(key for key in ENGLISH if not all(_forms(messages.get(key, ""))))
    extra = sorted(set(messages) - set(ENGLISH))
    assert (missing, extra) == ([], []), f"{language}.po: missing {missing}, not in English {extra}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_has_the_english_placeholders(language):
    messages = CATALOGUE.messages(language)
    wrong = {}
    for key, english in ENGLISH.items():
        expected = set().union(*(_placeholders(form) for form in _forms(english)))
        for form in _forms(messages.get(key, english)):
            found = _placeholders(form)
            if found != expected and not (found <= expected and expected - found <= MAY_OMIT.get((language, key), set())):
                wrong[key] = (sorted(expected), sorted(_placeholders(form)))
    assert wrong == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_messages_stay_plural_in_every_language(language):
    messages = CATALOGUE.messages(language)
    plural_en = {key for key, value in ENGLISH.items() if isinstance(value, tuple)}
    plural_here = {key for key, value in messages.items() if isinstance(value, tuple)}
    assert plural_here == plural_en


def test_every_allowed_omission_is_still_needed():
    stale = {(lang, key) for (lang, key), names in MAY_OMIT.items()
             if not names - set().union(*(_placeholders(f) for f in _forms(CATALOGUE.messages(lang)[key])))}
    assert stale == set()


def test_no_key_is_both_in_the_old_dict_and_in_the_po_files():
    assert sorted(set(texts._TEXTS) & set(ENGLISH)) == []


def test_old_dict_keys_have_every_language_with_the_english_placeholders():
    for key, by_language in texts._TEXTS.items():
        assert set(by_language) >= {"en", "de"}, key
        assert {lang: _placeholders(text) for lang, text in by_language.items()} == {
            lang: _placeholders(by_language["en"]) for lang in by_language
        }, key
