"""The desk's answer to a mail names the files it did not keep and why, in the client's language; a mail whose
files were all kept gets no such sentence."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from mail_helpers import INQUIRY, SENDER, SETTINGS
from venuedesk.transports.mail.receive import receive_mail
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.refused_files import plain_name

GERMAN_INQUIRY = "Guten Tag, wir planen einen Workshop für 30 Personen im März, am liebsten an einem Dienstag."


def _mail(text: str, *files: tuple[str, str, bytes]) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = SENDER, "desk@venue.example", "Workshop"
    message["Message-ID"] = "<files@example.com>"
    message.set_content(text)
    for filename, content_type, data in files:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def _answer(desk: Desk, raw: bytes, home: Path) -> str:
    outcome = receive_mail(desk, raw, SETTINGS, home=home)
    assert outcome.status == "accepted", outcome
    with desk.uow() as uow:
        return next(row.text for row in uow.messages.history(str(outcome.thread_id)) if row.role == "desk")


def test_the_answer_names_a_file_of_a_kind_that_is_not_accepted(desk: Desk, home: Path) -> None:
    raw = _mail(INQUIRY, ("plan.pdf", "application/pdf", b"%PDF-1.4"), ("invoice.exe", "application/x-msdownload", b"MZ"))
    answer = _answer(desk, raw, home)
    assert "We could not keep invoice.exe: this kind of file is not accepted" in answer
    assert "plan.pdf" not in answer


def test_the_answer_names_a_file_too_large_to_keep(desk: Desk, home: Path) -> None:
    big = b"%PDF-1.4 " + b"x" * SETTINGS.max_attachment_bytes
    answer = _answer(desk, _mail(INQUIRY, ("brochure.pdf", "application/pdf", big)), home)
    assert "We could not keep brochure.pdf: the file is too large" in answer


def test_a_german_mail_hears_about_its_refused_file_in_german(desk: Desk, home: Path) -> None:
    answer = _answer(desk, _mail(GERMAN_INQUIRY, ("rechnung.exe", "application/x-msdownload", b"MZ")), home)
    assert "rechnung.exe konnten wir nicht behalten: Diese Art von Datei nehmen wir nicht an" in answer


def test_a_mail_whose_files_were_all_kept_hears_nothing_about_them(desk: Desk, home: Path) -> None:
    answer = _answer(desk, _mail(INQUIRY, ("plan.pdf", "application/pdf", b"%PDF-1.4")), home)
    assert "could not keep" not in answer


def test_a_file_name_cannot_shape_the_answer_s_markdown() -> None:
    assert plain_name("[click](mailto:x@evil.example)*.exe") == "click_mailto_x_evil.example_.exe"
    assert plain_name("../../etc/passwd") == "passwd"
