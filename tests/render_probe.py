"""A probe on every PDF render: whether another connection could take SQLite's write lock (BEGIN IMMEDIATE, no
wait) at that moment, i.e. whether the render ran with no write transaction open."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from venuedesk.documents import offer_pdf, pdf_render
from venuedesk.workflow import offer_documents


def _write_lock_free(database: Path) -> bool:
    probe = sqlite3.connect(database, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def probe_renders(database: Path, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Wrap `html_to_pdf` wherever the code calls it; each render appends whether the write lock was free."""
    lock_free: list[bool] = []
    real: Callable[[str], bytes] = pdf_render.html_to_pdf

    def probed(html: str) -> bytes:
        lock_free.append(_write_lock_free(database))
        return real(html)

    for module in (pdf_render, offer_pdf, offer_documents):
        monkeypatch.setattr(module, "html_to_pdf", probed, raising=False)
    return lock_free
