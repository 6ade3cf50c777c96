"""The corpus of malformed and hostile MIME messages (tests/corpora/mail/index.yaml, issue 10 item 5): each is
delivered twice to `receive_mail` and ends as the venue expects; the second delivery changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

from mail_helpers import SETTINGS, counts
from venuedesk.transports.mail.receive import receive_mail
from venuedesk.workflow.desk import Desk

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "mail"
ENTRIES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "index.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["file"] for entry in ENTRIES])
def test_a_corpus_mail_ends_as_expected_and_a_redelivery_changes_nothing(
        entry: dict[str, Any], desk: Desk, home: Path, engine: Engine):
    raw = (CORPUS / entry["file"]).read_bytes()
    first = receive_mail(desk, raw, SETTINGS, home=home)
    assert first.status == entry["expect"], first
    before = counts(engine)
    again = receive_mail(desk, raw, SETTINGS, home=home)
    assert again.status == ("rejected" if entry["expect"] == "rejected" else "duplicate"), again
    assert counts(engine) == before
    if entry["expect"] == "rejected":
        assert first.reason and first.thread_id is None and before["threads"] == 0
        return
    for name in entry.get("attachments_refused", []):
        assert any(item.startswith(f"{name}:") for item in first.refused), first.refused
    if entry["expect"] == "ignored":
        assert (before["messages"], before["outbox"]) == (0, 0)
        return
    view = desk.event_view(str(first.thread_id))
    assert view is not None
    for fact, value in (entry.get("facts") or {}).items():
        assert view["requirements"][fact] == value, (fact, view["requirements"])
    with desk.uow() as uow:
        stored = [message.text for message in uow.messages.history(str(first.thread_id)) if message.role == "client"]
    for fragment in entry.get("stored_never", []):
        assert all(fragment not in text for text in stored), fragment
