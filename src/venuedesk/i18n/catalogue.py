"""The message catalogue: one gettext `.po` file per language, read with Babel and compiled in memory.

Message ids are stable keys (`ask_email`, `table.rooms.title`), not English sentences, so a caller's key never
changes when the wording does. `locale/<lang>/LC_MESSAGES/venuedesk.po` is the only source: it is compiled to
a `.mo` in memory on first use (no build step; `pip install -e .` and a fresh clone work as they are). A message
missing in a language falls back to English; a key missing in English is a programming error (`KeyError`).
"""

from __future__ import annotations

import gettext
import io
import threading
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "venuedesk"
FALLBACK_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


class Catalogue:
    """All languages found under one locale directory, each loaded once and falling back to English."""

    def __init__(self, locale_dir: Path = LOCALE_DIR, domain: str = DOMAIN) -> None:
        self.locale_dir = Path(locale_dir)
        self.domain = domain
        self._loaded: dict[str, gettext.GNUTranslations] = {}
        self._messages: dict[str, dict[str, str | tuple[str, ...]]] = {}
        self._lock = threading.RLock()

    def po_path(self, language: str) -> Path:
        """Where the `.po` file of `language` lives."""
        return self.locale_dir / language / "LC_MESSAGES" / f"{self.domain}.po"

    def languages(self) -> tuple[str, ...]:
        """Every language that has a `.po` file, English first."""
        found = sorted(p.parent.parent.name for p in self.locale_dir.glob(f"*/LC_MESSAGES/{self.domain}.po"))
        return tuple(sorted(found, key=lambda lang: lang != FALLBACK_LANGUAGE))

    def has_language(self, language: str) -> bool:
        """Whether `language` has its own `.po` file."""
        return self.po_path(language).is_file()

    def translations(self, language: str) -> gettext.GNUTranslations:
        """The compiled translations of `language` (English for a language without a `.po` file); a loaded language
        is returned without looking at the disk again (every client sentence asks)."""
        loaded = self._loaded.get(language)
        if loaded is not None:
            return loaded
        if not self.has_language(language):
            language = FALLBACK_LANGUAGE
        with self._lock:
            if language not in self._loaded:
                self._loaded[language] = self._compile(language)
            return self._loaded[language]

    def _compile(self, language: str) -> gettext.GNUTranslations:
        with self.po_path(language).open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=self.domain)
        for message in list(catalog):  # a plural with an empty form is untranslated: let English answer
            if message.id and isinstance(message.string, (tuple, list)) and not all(message.string):
                catalog.delete(message.id, context=message.context)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        compiled = gettext.GNUTranslations(buffer)
        if language != FALLBACK_LANGUAGE:
            compiled.add_fallback(_Missing(self.translations(FALLBACK_LANGUAGE)))
        else:
            compiled.add_fallback(_Missing(None))
        return compiled

    def has_message(self, key: str) -> bool:
        """Whether the English catalogue (the reference every language follows) has message `key`."""
        return key in self.messages(FALLBACK_LANGUAGE)

    def gettext(self, key: str, language: str) -> str:
        """The text of message `key` in `language` (English when the language lacks it)."""
        return self.translations(language).gettext(key)

    def ngettext(self, key: str, count: int, language: str) -> str:
        """The plural form of message `key` that fits `count` under `language`'s plural rule."""
        return self.translations(language).ngettext(key, key, count)

    def say(self, key: str, language: str, **values: object) -> str:
        """The text of `key` in `language`, its `{placeholders}` filled from `values`."""
        return self.gettext(key, language).format(**values)

    def say_n(self, key: str, count: int, language: str, **values: object) -> str:
        """The plural form of `key` for `count`, filled from `values` (`count` is available as `{count}`)."""
        return self.ngettext(key, count, language).format(count=count, **values)

    def messages(self, language: str) -> dict[str, str | tuple[str, ...]]:
        """Every message of one `.po` file as `{key: text}` (a tuple of forms for a plural message)."""
        with self._lock:
            if language not in self._messages:
                self._messages[language] = self._read_messages(language)
            return self._messages[language]

    def _read_messages(self, language: str) -> dict[str, str | tuple[str, ...]]:
        with self.po_path(language).open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=self.domain)
        out: dict[str, str | tuple[str, ...]] = {}
        for message in catalog:
            if not message.id:
                continue
            key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
            text = message.string
            out[key] = tuple(text) if isinstance(text, (tuple, list)) else (text or "")
        return out


class _Missing(gettext.NullTranslations):
    """The last fallback: English for other languages; in English itself a missing key raises KeyError."""

    def __init__(self, english: gettext.NullTranslations | None) -> None:
        super().__init__()
        self._english = english

    def gettext(self, message: str) -> str:
        if self._english is not None:
            return self._english.gettext(message)
        raise KeyError(f"no message {message!r} in the English catalogue; add it to every locale's venuedesk.po")

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        if self._english is not None:
            return self._english.ngettext(msgid1, msgid2, n)
        raise KeyError(f"no plural message {msgid1!r} in the English catalogue; add it to every locale's venuedesk.po")


CATALOGUE = Catalogue()
