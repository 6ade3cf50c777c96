"""A deep link from a mail in a real browser (docs/design.md §4.10): opening it shows a confirm page and changes
nothing; the button acts once and shows the desk's reply; opening it again says it was used."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from live_server import CLOCK  # noqa: E402
from venuedesk.clock import FrozenClock  # noqa: E402
from venuedesk.transports.mail.links import LinkSigner  # noqa: E402
from venuedesk.transports.mail.secret import load_or_create_secret  # noqa: E402
from venuedesk.workflow.reply import Action  # noqa: E402

INQUIRY = "Workshop for 30 people in March, ideally a Tuesday, 9 to 5"


def _date_link(page, base_url: str, home: Path) -> str:
    """A thread at step 2 (through the API) and a link for its first date, signed as the mail composer would."""
    created = page.request.post(f"{base_url}/api/threads").json()
    reply = page.request.post(f"{base_url}/api/threads/{created['thread_id']}/messages",
                              data={"text": INQUIRY, "from": "anna@example.com"},
                              headers={"Authorization": f"Bearer {created['client_token']}"}).json()
    first = next(action for table in reply["table_blocks"] for action in table.get("row_actions") or [])
    signer = LinkSigner(load_or_create_secret(home), FrozenClock(datetime.fromisoformat(CLOCK)),
                        public_url=base_url, ttl_hours=24)
    url = signer.for_action(created["thread_id"], Action.model_validate(first))
    assert url is not None
    return url


def test_a_client_confirms_a_date_link_and_sees_the_next_step(pages, base_url: str, tmp_path: Path) -> None:
    page = pages.new(expected_errors=("status of 410",))  # the used link's page is a 410
    url = _date_link(page, base_url, tmp_path / "home")
    page.goto(url)
    expect(page.get_by_role("heading", name="Please confirm")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_text("Step 3 of 7")).to_be_visible()
    expect(page.locator("table a").first).to_be_visible()
    page.goto(url)
    expect(page.get_by_role("alert")).to_contain_text("already used")
