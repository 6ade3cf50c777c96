"""A corpus of malformed and hostile mail: each one is answered, kept unanswered or rejected with a reason,
never crashes the desk, and is recorded (nothing lost); no file lands outside the thread's attachment folder.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from mail_helpers import SETTINGS
from venuedesk.transports.mail.receive import receive_mail
from venuedesk.workflow.desk import Desk

HEAD = b"From: Anna <anna@example.com>\r\nTo: desk@venue.example\r\nSubject: Workshop\r\n"
TEXT = b"We need a room for 30 people in March.\r\n"


def _with_id(n: int, rest: bytes) -> bytes:
    return HEAD + f"Message-ID: <hostile{n}@example.com>\r\n".encode() + rest


def _nested(depth: int) -> bytes:
    body = b"Content-Type: text/plain\r\n\r\n" + TEXT
    for level in range(depth):
        boundary = f"b{level}".encode()
        body = (b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n--' + boundary + b"\r\n" + body
                + b"\r\n--" + boundary + b"--\r\n")
    return body


def _attachment(filename: bytes, content_type: bytes, data: bytes) -> bytes:
    return (b'Content-Type: multipart/mixed; boundary="X"\r\n\r\n--X\r\nContent-Type: text/plain\r\n\r\n' + TEXT
            + b"--X\r\nContent-Type: " + content_type + b'\r\nContent-Disposition: attachment; filename="' + filename
            + b'"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + base64.encodebytes(data) + b"--X--\r\n")


CORPUS: dict[str, bytes] = {
    "empty": b"",
    "whitespace": b" \r\n\t\r\n",
    "binary garbage": bytes(range(256)) * 4,
    "headers only": HEAD + b"Message-ID: <hostile1@example.com>\r\n",
    "no From": b"To: desk@venue.example\r\nSubject: x\r\nMessage-ID: <hostile2@example.com>\r\n\r\n" + TEXT,
    "From without an address": b"From: Anna\r\nSubject: x\r\n\r\n" + TEXT,
    "unknown charset": _with_id(3, b"Content-Type: text/plain; charset=x-nonsense-8\r\n\r\n" + TEXT),
    "empty charset": _with_id(4, b'Content-Type: text/plain; charset=""\r\n\r\n' + TEXT),
    "latin-1 labelled utf-8": _with_id(5, b"Content-Type: text/plain; charset=utf-8\r\n\r\nF\xfcr 30 G\xe4ste\r\n"),
    "broken base64": _with_id(6, b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!@@@###\r\n"),
    "broken quoted-printable": _with_id(7, b"Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable"
                                           b"\r\n\r\n=ZZ room =4 for 30 =\r\n"),
    "nested 60 deep": _with_id(8, _nested(60)),
    "multipart without boundary": _with_id(9, b"Content-Type: multipart/mixed\r\n\r\n" + TEXT),
    "unterminated multipart": _with_id(10, b'Content-Type: multipart/mixed; boundary="Q"\r\n\r\n--Q\r\n'
                                           b"Content-Type: text/plain\r\n\r\n" + TEXT),
    "html with scripts only": _with_id(11, b"Content-Type: text/html\r\n\r\n<script>fetch('//evil')</script>"
                                           b"<style>p{}</style><iframe src=x></iframe><p>30 people in March</p>\r\n"),
    "oversized attachment": _with_id(12, _attachment(b"big.pdf", b"application/pdf", b"%PDF" + b"0" * 8192)),
    "path traversal file name": _with_id(13, _attachment(b"../../../etc/cron.d/x.pdf", b"application/pdf", b"%PDF")),
    "program attachment": _with_id(14, _attachment(b"invoice.pdf.exe", b"application/x-msdownload", b"MZ\x90")),
    "svg attachment": _with_id(15, _attachment(b"logo.svg", b"image/svg+xml", b"<svg onload=alert(1)/>")),
    "garbage encoded word": HEAD.replace(b"Subject: Workshop", b"Subject: =?utf-8?b?####?= =?x-bad?q?=FF?=")
    + b"Message-ID: <hostile16@example.com>\r\n\r\n" + TEXT,
    "100 KiB subject": HEAD.replace(b"Workshop", b"A" * 100_000) + b"Message-ID: <hostile17@example.com>\r\n\r\n" + TEXT,
    "NUL bytes in the body": _with_id(18, b"\r\n" + b"room\x00for\x0030 people\r\n"),
    "raw 8-bit header": b"From: J\xfcrg \xff <juerg@example.ch>\r\nSubject: M\xe4rz\r\n"
                        b"Message-ID: <hostile19@example.com>\r\n\r\n" + TEXT,
    "two Message-IDs": _with_id(20, b"Message-ID: <other@example.com>\r\n\r\n" + TEXT),
    "garbage Message-ID": HEAD + b"Message-ID: <<>> <@> nonsense\r\n\r\n" + TEXT,
    "attached mail with attachments": _with_id(21, b'Content-Type: multipart/mixed; boundary="O"\r\n\r\n--O\r\n'
                                                   b"Content-Type: text/plain\r\n\r\n" + TEXT + b"--O\r\n"
                                                   b"Content-Type: message/rfc822\r\n\r\n" + _with_id(22, _attachment(
                                                       b"inner.exe", b"application/x-msdownload", b"MZ")) + b"--O--\r\n"),
    "LF-only line ends": (HEAD + b"Message-ID: <hostile23@example.com>\r\n\r\n" + TEXT).replace(b"\r\n", b"\n"),
}


def test_the_corpus_holds_at_least_twenty_mails():
    assert len(CORPUS) >= 20


@pytest.mark.parametrize("name", list(CORPUS))
def test_a_hostile_mail_is_handled_and_recorded(name: str, desk: Desk, home: Path):
    outcome = receive_mail(desk, CORPUS[name], SETTINGS, home=home)
    assert outcome.status in ("accepted", "ignored", "rejected"), outcome
    if outcome.status == "rejected":
        assert outcome.reason
    with desk.uow() as uow:
        assert uow.mail.get(str(outcome.message_id)) is not None, "the mail left no record"
    stray = [path for path in home.rglob("*") if path.is_file()
             and path.relative_to(home).parts[0] not in ("attachments", "mail")]
    assert stray == []


@pytest.mark.parametrize("name, refused", [("oversized attachment", "big.pdf"), ("program attachment", ".exe"),
                                           ("svg attachment", "logo.svg")])
def test_a_refused_attachment_is_named(name: str, refused: str, desk: Desk, home: Path):
    outcome = receive_mail(desk, CORPUS[name], SETTINGS, home=home)
    assert outcome.status == "accepted" and any(refused in item for item in outcome.refused)


def test_a_traversing_file_name_stays_in_the_thread_folder(desk: Desk, home: Path):
    outcome = receive_mail(desk, CORPUS["path traversal file name"], SETTINGS, home=home)
    [kept] = [path for path in home.rglob("*.pdf")]
    assert kept.parent == home / "attachments" / str(outcome.thread_id)


def test_html_scripts_never_reach_the_desk(desk: Desk, home: Path):
    outcome = receive_mail(desk, CORPUS["html with scripts only"], SETTINGS, home=home)
    with desk.uow() as uow:
        text = uow.messages.history(str(outcome.thread_id))[0].text
    assert "30 people in March" in text and "fetch" not in text and "iframe" not in text


def test_nul_characters_anywhere_in_a_mail_are_dropped_before_anything_is_stored(desk: Desk, home: Path):
    raw = (b"From: =?utf-8?q?An=00na?= <anna@example.com>\r\nTo: desk@venue.example\r\n"
           b"Subject: =?utf-8?q?Work=00shop?=\r\nMessage-ID: <nul-everywhere@example.com>\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
           b"Room=00 for 30 people in March\r\n")
    outcome = receive_mail(desk, raw, SETTINGS, home=home)
    assert outcome.status == "accepted", outcome
    with desk.uow() as uow:
        record = uow.mail.get("<nul-everywhere@example.com>")
        history = uow.messages.history(str(outcome.thread_id))
    assert record is not None and record.subject == "Workshop"
    assert history and not any("\x00" in message.text for message in history)
