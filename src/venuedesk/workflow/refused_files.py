"""The client hears which of the files their mail brought were not kept, and why (docs/design.md §4.10): one
sentence per file in the conversation's language, the file's name reduced to plain characters so it cannot shape
the reply's Markdown."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from venuedesk.workflow import texts

REASONS = frozenset({"type", "size", "count", "empty"})
MAX_NAME_CHARS = 80
_NOT_PLAIN = re.compile(r"[^\w.\- ]+")


def refused_notes(refused: Iterable[Sequence[str]] | None, language: str) -> list[str]:
    """A sentence per refused file (`We could not keep invoice.exe: this kind of file is not accepted.`)."""
    return [texts.say(f"mail.file_refused.{reason}", language, name=plain_name(name))
            for name, reason in refused or () if reason in REASONS]


def plain_name(filename: str) -> str:
    """The file's own name (no folders) in letters, digits, spaces, dots, dashes and underscores."""
    base = unicodedata.normalize("NFKC", re.split(r"[\\/]", filename)[-1])
    return _NOT_PLAIN.sub("_", base).strip(" ._")[:MAX_NAME_CHARS] or "attachment"
