"""Adding a language is data only: a third `.po` file next to the others is read with no code change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from venuedesk.i18n import CATALOGUE, Catalogue, price


@pytest.fixture
def with_french(tmp_path: Path) -> Catalogue:
    """A copy of the shipped locale directory plus a small fr/LC_MESSAGES/venuedesk.po."""
    locale_dir = tmp_path / "locale"
    shutil.copytree(CATALOGUE.locale_dir, locale_dir)
    french = Catalog(locale="fr", domain="venuedesk")
    french.add("ask_email", "À quelle adresse e-mail pouvons-nous envoyer votre offre ?")
    french.add("products_noted", "Noté : {items}.")
    # French has three plural forms in CLDR (one: 0 and 1; many: millions; other), so three strings each.
    french.add(("weekday.1", "weekday.1"), ("mardi", "mardis", "mardis"))
    few = "Le {date} est trop proche : il nous faut au moins {lead} jour, donc au plus tôt le {first}."
    many = "Le {date} est trop proche : il nous faut au moins {lead} jours, donc au plus tôt le {first}."
    french.add(("date_too_soon", "date_too_soon"), (few, many, many))
    path = locale_dir / "fr" / "LC_MESSAGES" / "venuedesk.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, french)
    return Catalogue(locale_dir)


def test_a_third_language_is_found_and_spoken(with_french: Catalogue):
    assert with_french.languages() == ("en", "de", "fr")
    assert with_french.say("products_noted", "fr", items="Café") == "Noté : Café."
    assert with_french.ngettext("weekday.1", 2, "fr") == "mardis"


def test_french_counts_zero_as_singular_by_its_own_plural_rule(with_french: Catalogue):
    zero = with_french.say_n("date_too_soon", 0, "fr", date="x", lead=0, first="y")
    assert "au moins 0 jour," in zero
    assert "at least 0 days" in CATALOGUE.say_n("date_too_soon", 0, "en", date="x", lead=0, first="y")


def test_a_message_the_new_language_lacks_falls_back_to_english(with_french: Catalogue):
    assert with_french.say("holding", "fr") == with_french.say("holding", "en")


def test_an_untranslated_plural_falls_back_to_english(with_french: Catalogue):
    path = with_french.po_path("fr")
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr[2] "mardis"', 'msgstr[2] ""'), encoding="utf-8")
    assert Catalogue(with_french.locale_dir).ngettext("weekday.1", 2, "fr") == "Tuesdays"


def test_amounts_use_the_swiss_locale_of_each_language():
    assert price("1080", "de") == "CHF 1'080.00"
    assert price("1080", "en") == "CHF 1'080.00"
    assert price("1080", "fr") == "1'080,00 CHF"
