"""Move phrases still written the old way (`{key: {"en": ..., "de": ...}}`) into every language's `.po` file.

`python -m venuedesk.workflow.texts` runs it on `workflow.texts._TEXTS` after merging a branch that added keys
there; then empty `_TEXTS`. A language a phrase lacks gets the English text marked fuzzy (untranslated), so it
shows in English until translated.
"""

from __future__ import annotations

from babel.messages.pofile import read_po, write_po

from venuedesk.i18n.catalogue import CATALOGUE, FALLBACK_LANGUAGE, Catalogue


def absorb(texts: dict[str, dict[str, str]], catalogue: Catalogue = CATALOGUE) -> list[str]:
    """Add every key of `texts` to each `.po` file of `catalogue`; return the keys added."""
    added: list[str] = []
    for language in catalogue.languages():
        path = catalogue.po_path(language)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=catalogue.domain)
        missing = {key: by_language for key, by_language in texts.items() if key not in catalog}
        if not missing:
            continue
        for key, by_language in missing.items():
            text = by_language.get(language)
            flags = () if text else ("fuzzy",)
            catalog.add(key, text or by_language[FALLBACK_LANGUAGE], flags=flags)
            if key not in added:
                added.append(key)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=110, include_lineno=False, sort_output=True)
    return added
