"""Move phrases still written the old way (`workflow.texts._TEXTS`) into every language's `.po` file.

Run `python -m venuedesk.i18n.absorb` after merging a branch that added keys to `_TEXTS`; then empty `_TEXTS`.
A language a phrase lacks gets the English text marked fuzzy, so it shows in English until translated.
"""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po

from venuedesk.i18n.catalogue import CATALOGUE, FALLBACK_LANGUAGE, Catalogue


def absorb(texts: dict[str, dict[str, str]], catalogue: Catalogue = CATALOGUE) -> list[str]:
    """Add every key of `texts` to each `.po` file of `catalogue`; return the keys added."""
    added: list[str] = []
    for language in catalogue.languages():
        path = catalogue.po_path(language)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=catalogue.domain)
        for key, by_language in texts.items():
            if key in catalog:
                continue
            text = by_language.get(language)
            flags = () if text else ("fuzzy",)
            catalog.add(key, text or by_language[FALLBACK_LANGUAGE], flags=flags)
            if key not in added:
                added.append(key)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=110, include_lineno=False, sort_output=True)
    return added


def main() -> int:
    """Absorb `workflow.texts._TEXTS` and say which keys moved."""
    from venuedesk.workflow import texts

    added = absorb(texts._TEXTS)
    print(f"moved {len(added)} key(s) into the .po files: {', '.join(added) or '-'}; now empty texts._TEXTS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
