"""The worked example of docs/venue.md taken to a sent offer, in English or German, and reading a PDF's pages."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from venuedesk.clock import VENUE_TZ
from venuedesk.workflow.desk import Desk

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
# Room B, 30 guests, workshop, 09:00–17:00, coffee & snacks, lunch, two wireless mics (docs/venue.md "Worked example").
WORKED_EXAMPLE = {
    "en": "Hello, please book Room B for a workshop with 30 people on 10 March 2026 from 09:00-17:00, with coffee & "
          "snacks, lunch and two wireless microphones. anna@example.com",
    "de": "Guten Tag, bitte buchen Sie Raum B für einen Workshop mit 30 Personen am 10. März 2026 von 09:00-17:00, "
          "mit Kaffee & Snacks, Mittagessen und zwei Funkmikrofonen. anna@example.com",
}


def held_offer(desk: Desk, language: str = "en", channel: str = "api") -> tuple[str, str]:
    """A thread whose first message reaches the offer: (thread id, the open offer_approval task)."""
    thread_id = desk.open_thread(channel=channel).thread_id
    reply = desk.handle_message(thread_id, WORKED_EXAMPLE[language])
    assert reply.hil is not None and reply.hil.type == "offer_approval", reply.body_markdown
    return thread_id, reply.hil.task_id


def sent_offer(desk: Desk, language: str = "en") -> str:
    """The worked example's offer, approved by the manager and so sent; the thread id."""
    thread_id, task_id = held_offer(desk, language)
    assert desk.decide(task_id, "approve").footer.step == 5
    return thread_id


def pdf_text(content: bytes) -> str:
    """Every page's text, as pypdf extracts it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def png_pages(content: bytes, folder: Path, dpi: int = 50) -> list[Path]:
    """The PDF rasterised by poppler's pdftoppm, one PNG per page (skips without poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: run `sh scripts/ensure-documents.sh` as root")
    source = folder / "offer.pdf"
    source.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(folder / "page")], check=True)
    return sorted(folder.glob("page*.png"))


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG from its IHDR chunk."""
    header = path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
