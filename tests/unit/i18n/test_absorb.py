"""Old-style phrases (`{key: {"en", "de"}}`) move into every `.po` file, so a merge needs no hand-editing."""

from __future__ import annotations

import shutil
from pathlib import Path

from venuedesk.i18n import CATALOGUE, Catalogue
from venuedesk.i18n.absorb import absorb


def _copy(tmp_path: Path) -> Catalogue:
    shutil.copytree(CATALOGUE.locale_dir, tmp_path / "locale")
    return Catalogue(tmp_path / "locale")


def test_old_style_keys_land_in_every_po_file(tmp_path: Path):
    catalogue = _copy(tmp_path)
    added = absorb({"window_hint": {"en": "Try {start}.", "de": "Versuchen Sie {start}."}}, catalogue)
    fresh = Catalogue(catalogue.locale_dir)
    assert added == ["window_hint"]
    assert (fresh.say("window_hint", "en", start="9"), fresh.say("window_hint", "de", start="9")) == (
        "Try 9.", "Versuchen Sie 9.")


def test_a_language_the_old_entry_lacks_reads_english_until_translated(tmp_path: Path):
    catalogue = _copy(tmp_path)
    absorb({"only_english": {"en": "Only English."}}, catalogue)
    assert Catalogue(catalogue.locale_dir).say("only_english", "de") == "Only English."
    assert "#, fuzzy" in catalogue.po_path("de").read_text(encoding="utf-8")


def test_keys_already_in_the_catalogue_are_left_alone(tmp_path: Path):
    catalogue = _copy(tmp_path)
    before = catalogue.po_path("de").read_bytes()
    assert absorb({"ask_email": {"en": "changed", "de": "geändert"}}, catalogue) == []
    assert catalogue.po_path("de").read_bytes() == before
