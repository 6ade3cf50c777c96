"""Write docs/offer-pdf.png: page 1 of the worked example's offer PDF (docs/venue.md), as the desk renders it.

Run `.venv/bin/python scripts/offer_pdf_screenshot.py` after changing the offer template; it plays the worked
example on a fresh SQLite database at the golden transcripts' clock, approves the offer and rasterises page 1
with poppler's pdftoppm (`sh scripts/ensure-documents.sh` installs it).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.store.db import ensure_ready
from venuedesk.workflow.desk import Desk

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "offer-pdf.png"
WORKED_EXAMPLE = ("Hello, please book Room B for a workshop with 30 people on 10 March 2026 from 09:00-17:00, with "
                  "coffee & snacks, lunch and two wireless microphones. anna@example.com")


def main() -> int:
    """Render the worked example's offer and save its first page as docs/offer-pdf.png."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        engine = ensure_ready(f"sqlite:///{work / 'desk.db'}")
        desk = Desk(engine, FrozenClock(datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)))
        thread_id = desk.open_thread(channel="api").thread_id
        held = desk.handle_message(thread_id, WORKED_EXAMPLE)
        assert held.hil is not None, held.body_markdown
        desk.decide(held.hil.task_id, "approve")
        (work / "offer.pdf").write_bytes(desk.offer_pdf(thread_id).content)
        engine.dispose()
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(work / "offer.pdf"),
                        str(work / "page")], check=True)
        TARGET.write_bytes((work / "page.png").read_bytes())
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
