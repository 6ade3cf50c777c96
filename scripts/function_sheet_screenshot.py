"""Write docs/function-sheet.png: page 1 of a function sheet's version 2 (a confirmed booking whose client then
booked a site visit, so the change is marked), as the desk renders it.

Run `.venv/bin/python scripts/function_sheet_screenshot.py` after changing the function sheet's template; it drives
Room B for 30 guests on 10 March 2026 with lunch to Confirmed on a fresh SQLite database at the golden transcripts'
clock, adds the site visit and rasterises page 1 with poppler's pdftoppm (`sh scripts/ensure-documents.sh`).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.store.db import ensure_ready
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.function_sheets import sheet_pdf, stored_sheet
from venuedesk.workflow.reply import Reply

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "function-sheet.png"
INQUIRY = ("Please book Room B for a workshop with 30 people on 10 March 2026, 09:00-17:00. "
           "We'd like lunch for all guests.")
BILLING = "Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern"


def _task(reply: Reply) -> str:
    assert reply.hil is not None, reply.body_markdown
    return reply.hil.task_id


def _confirmed_with_site_visit(desk: Desk) -> str:
    """The booking confirmed (sheet version 1), then the client's site visit (version 2); the event id."""
    thread_id = desk.open_thread(channel="api").thread_id
    desk.decide(_task(desk.handle_message(thread_id, INQUIRY, sender="sara.frei@example.ch")), "approve")
    desk.handle_message(thread_id, "Agreed, we'll take it.")
    desk.handle_message(thread_id, BILLING)
    desk.decide(_task(desk.mark_deposit_paid(thread_id, Decimal("477.00"))), "approve")
    desk.handle_action(thread_id, "select_site_visit", {"slot": "2026-02-04T10:00"})
    event = desk.event_view(thread_id) or {}
    assert event.get("status") == "Confirmed", event.get("status")
    return str(event["event_id"])


def main() -> int:
    """Render the function sheet's second version and save its first page as docs/function-sheet.png."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        engine = ensure_ready(f"sqlite:///{work / 'desk.db'}")
        desk = Desk(engine, FrozenClock(datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)))
        event_id = _confirmed_with_site_visit(desk)
        with desk.uow() as uow:
            sheet = stored_sheet(uow, event_id)
        assert sheet is not None and sheet.version == 2, sheet
        (work / "sheet.pdf").write_bytes(sheet_pdf(sheet))
        engine.dispose()
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(work / "sheet.pdf"),
                        str(work / "page")], check=True)
        TARGET.write_bytes((work / "page.png").read_bytes())
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
