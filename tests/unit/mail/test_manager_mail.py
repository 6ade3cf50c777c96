"""Composing manager mail (transports/mail/manager_mail.py): a new task → multipart text + HTML in the manager's
language with its context, the draft and signed decision links; the daily digest; HTML always escaped."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage

from venuedesk.clock import VENUE_TZ
from venuedesk.transports.mail.manager_mail import ManagerMailContext, console_url, digest_mail, task_mail
from venuedesk.workflow.manager_notices import Digest, DigestTask, DraftTable, ExpiringOption, TaskNotice

NOW = datetime(2026, 2, 2, 9, 30, tzinfo=VENUE_TZ)
TASK = TaskNotice(
    task_id="thr_a1-hil-1", thread_id="thr_a1", type="offer_approval", created_at=NOW - timedelta(minutes=30),
    reason="Every offer is reviewed before the client sees it: offer evt_a1-v1 version 1, CHF 750.00.",
    client_name="Anna Muster", company="Muster AG", first_request="Please book Room B for 30 people.",
    latest_message=None, event_date=date(2026, 3, 10), window="09:00–17:00", participants=30, room="Room B",
    total=Decimal("750.00"), draft_markdown="Dear Anna,\n\nhere is **your offer**.",
    draft_tables=(DraftTable("Offer", ("Item", "CHF"), (("Room B", "750.00"),)),),
)


class Links:
    """Decision links naming task, decision and manager in clear."""

    def for_decision(self, task_id: str, decision: str, manager_id: str) -> str:
        return f"https://desk.example/l/{task_id}/{decision}?m={manager_id}"


def _context(language: str = "en") -> ManagerMailContext:
    return ManagerMailContext(to="manager@venue.example", sender="desk@venue.example",
                              public_url="https://desk.example/", manager_id="manager", language=language,
                              domain="venue.example")


def _parts(message: EmailMessage) -> tuple[str, str]:
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()  # type: ignore[attr-defined]


def _mail(notice: TaskNotice = TASK, language: str = "en") -> EmailMessage:
    return task_mail(notice, _context(language), Links(), NOW)


def test_a_task_mail_goes_to_the_manager_from_the_desk_as_text_and_html() -> None:
    message = _mail()
    assert (message["To"], message["From"]) == ("manager@venue.example", "desk@venue.example")
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]


def test_a_task_mail_says_the_type_and_the_client_in_the_subject() -> None:
    assert _mail()["Subject"] == "New task: Offer approval, Anna Muster"


def test_a_task_mail_is_marked_auto_generated_and_its_message_id_names_the_task() -> None:
    message = _mail()
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"] == "<vd.task.thr_a1-hil-1@venue.example>"
    assert message["X-Venuedesk-Task"] == "thr_a1-hil-1"


def test_a_task_mail_has_signed_approve_and_reject_links_and_the_console_link_in_both_parts() -> None:
    for part in _parts(_mail()):
        assert "https://desk.example/l/thr_a1-hil-1/approve?m=manager" in part.replace("&amp;", "&")
        assert "https://desk.example/l/thr_a1-hil-1/reject?m=manager" in part.replace("&amp;", "&")
        assert "https://desk.example/manager#task=thr_a1-hil-1" in part


def test_a_task_mail_shows_why_the_client_the_event_and_the_draft() -> None:
    text, _ = _parts(_mail())
    for expected in ("Why: Every offer is reviewed", "Client: Anna Muster, Muster AG", "Date: Tuesday, 10 March 2026",
                     "Time: 09:00–17:00", "Guests: 30", "Room: Room B", "Offer total: CHF 750.00",
                     "First request:\nPlease book Room B for 30 people.", "here is **your offer**.", "Room B  750.00"):
        assert expected in text.replace("\r\n", "\n")


def test_the_html_part_renders_the_drafts_markdown_and_its_table() -> None:
    _, html = _parts(_mail())
    assert "<strong>your offer</strong>" in html
    assert "<caption" in html and "<td style=\"padding: 0.2em 0.6em;\">750.00</td>" in html


def test_a_counter_offer_gets_only_the_console_link() -> None:
    counter = TaskNotice(**{**TASK.__dict__, "type": "counter_offer"})
    text, html = _parts(_mail(counter))
    assert "/l/" not in text and "/l/" not in html
    assert "https://desk.example/manager#task=thr_a1-hil-1" in text
    assert "decide it in the console" in text


def test_a_task_without_a_draft_says_so() -> None:
    review = TaskNotice(**{**TASK.__dict__, "type": "manual_review", "draft_markdown": None, "draft_tables": ()})
    text, _ = _parts(_mail(review))
    assert "This task has no draft to send." in text


def test_a_german_manager_reads_the_task_mail_in_german() -> None:
    message = _mail(language="de")
    text, html = _parts(message)
    assert message["Subject"] == "Neue Aufgabe: Angebotsfreigabe, Anna Muster"
    assert "Eine neue Aufgabe wartet auf Ihre Entscheidung." in text
    assert "Freigeben und senden: https://desk.example/l/thr_a1-hil-1/approve" in text
    assert "Datum: Dienstag, 10. März 2026" in text
    assert '<html lang="de">' in html and "In der Konsole bearbeiten" in html


def test_a_script_in_the_draft_or_the_clients_words_is_escaped_in_the_html() -> None:
    hostile = TaskNotice(**{**TASK.__dict__, "client_name": "Eve <img src=x onerror=alert(1)>",
                            "first_request": "<script>alert('request')</script>",
                            "draft_markdown": "Hello <script>alert('draft')</script>",
                            "draft_tables": (DraftTable("<b>T</b>", ("<i>c</i>",), (("<script>x</script>",),)),)})
    _, html = _parts(_mail(hostile))
    assert "<script>" not in html and "<img" not in html and "<b>T</b>" not in html
    assert "Hello &lt;script&gt;alert('draft')&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#39;request&#39;)&lt;/script&gt;" in html


def test_a_client_name_with_a_line_break_cannot_add_a_header() -> None:
    sneaky = TaskNotice(**{**TASK.__dict__, "client_name": "Anna\r\nBcc: eve@example.com"})
    message = _mail(sneaky)
    assert message["Bcc"] is None
    assert message["Subject"] == "New task: Offer approval, Anna Bcc: eve@example.com"


def test_the_console_link_escapes_the_task_id() -> None:
    assert console_url("https://desk.example/", "a b/c") == "https://desk.example/manager#task=a%20b%2Fc"


def test_the_digest_lists_tasks_with_their_age_and_the_options_lapsing_soon() -> None:
    digest = Digest(
        day=NOW.date(), now=NOW, open_total=3,
        tasks=(DigestTask("thr_a1-hil-1", "offer_approval", "Anna Muster", "Every offer is reviewed.",
                          NOW - timedelta(hours=26), timedelta(hours=26)),),
        options=(ExpiringOption("evt_b2", "thr_b2", None, "Room A", date(2026, 3, 12), "18:00–23:00",
                                NOW + timedelta(hours=20)),))
    message = digest_mail(digest, _context(), NOW)
    text = _parts(message)[0].replace("\r\n", "\n")
    assert message["Subject"] == "Daily digest for Monday, 2 February 2026: 3 open, 1 lapsing"
    assert message["Message-ID"] == "<vd.digest.2026-02-02@venue.example>"
    assert "- Offer approval, Anna Muster: waiting 1 day\n  Every offer is reviewed." in text
    assert "… and 2 more open tasks in the console." in text
    assert "Room A, Thursday, 12 March 2026 18:00–23:00, client not named yet: lapses 3 Feb 2026 05:30" in text
