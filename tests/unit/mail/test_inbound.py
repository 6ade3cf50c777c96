"""Raw RFC 5322 bytes → InboundMail: the text a client wrote, the headers that thread it, its files, or a
reason."""

from __future__ import annotations

import base64
from email.message import EmailMessage

import pytest

from venuedesk.transports.mail.inbound import SYNTHETIC_DOMAIN, MailRejected, parse_mail

PLAIN = b"""From: Anna Meier <Anna@Example.com>
To: desk@venue.example
Cc: Office <office@example.com>
Subject: Workshop
Message-ID: <m1@example.com>
In-Reply-To: <vd.3.thr_ab12@venue.example>
References: <m0@example.com>
 <vd.3.thr_ab12@venue.example>
Date: Mon, 02 Feb 2026 10:00:00 +0100

We would like a workshop for 30 people.
"""


def _multipart() -> bytes:
    message = EmailMessage()
    message["From"] = "anna@example.com"
    message["To"] = "desk@venue.example"
    message["Subject"] = "Workshop"
    message["Message-ID"] = "<m2@example.com>"
    message.set_content("Plain words for 30 people.")
    message.add_alternative("<p>HTML words</p>", subtype="html")
    message.add_attachment(b"%PDF-1.4 plan", maintype="application", subtype="pdf", filename="plan.pdf")
    return message.as_bytes()


def test_a_plain_mail_gives_its_text_and_sender():
    mail = parse_mail(PLAIN)
    assert mail.text == "We would like a workshop for 30 people."
    assert (mail.sender, mail.sender_name) == ("anna@example.com", "Anna Meier")


def test_the_threading_headers_are_read_in_order():
    mail = parse_mail(PLAIN)
    assert mail.message_id == "<m1@example.com>"
    assert mail.in_reply_to == "<vd.3.thr_ab12@venue.example>"
    assert mail.references == ("<m0@example.com>", "<vd.3.thr_ab12@venue.example>")


def test_recipients_and_date_are_read():
    mail = parse_mail(PLAIN)
    assert mail.to == ("desk@venue.example",)
    assert mail.cc == ("office@example.com",)
    assert mail.date is not None and mail.date.isoformat() == "2026-02-02T10:00:00+01:00"


def test_a_multipart_mail_prefers_the_plain_text_and_keeps_the_attachment():
    mail = parse_mail(_multipart())
    assert mail.text == "Plain words for 30 people."
    assert [(item.filename, item.content_type, item.data) for item in mail.attachments] == [
        ("plan.pdf", "application/pdf", b"%PDF-1.4 plan")]


def test_an_html_only_mail_is_read_as_text_without_its_script():
    raw = (b"From: anna@example.com\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n"
           b"<html><body><p>Room for <b>40</b> people</p><script>alert('x')</script></body></html>\n")
    mail = parse_mail(raw)
    assert "Room for 40 people" in mail.text
    assert "alert" not in mail.text


def test_quoted_printable_utf8_is_decoded():
    raw = (b"From: anna@example.com\nSubject: x\nContent-Type: text/plain; charset=utf-8\n"
           b"Content-Transfer-Encoding: quoted-printable\n\nGr=C3=BCezi, 40 G=C3=A4ste im M=C3=A4rz\n")
    assert parse_mail(raw).text == "Grüezi, 40 Gäste im März"


def test_a_base64_body_is_decoded():
    body = base64.b64encode(b"Wir sind 25 Personen.").decode()
    raw = (f"From: anna@example.com\nSubject: x\nContent-Type: text/plain; charset=utf-8\n"
           f"Content-Transfer-Encoding: base64\n\n{body}\n").encode()
    assert parse_mail(raw).text == "Wir sind 25 Personen."


def test_german_umlauts_in_encoded_headers_are_decoded():
    raw = (b"From: =?utf-8?q?J=C3=BCrg_M=C3=BCller?= <juerg@example.ch>\n"
           b"Subject: =?iso-8859-1?q?Anfrage_f=FCr_M=E4rz?=\n\nHallo\n")
    mail = parse_mail(raw)
    assert (mail.sender_name, mail.subject) == ("Jürg Müller", "Anfrage für März")


def test_bytes_that_do_not_fit_a_declared_utf8_are_read_as_windows_1252():
    raw = b"From: anna@example.com\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\nF\xfcr 30 G\xe4ste\n"
    assert parse_mail(raw).text == "Für 30 Gäste"


def test_an_unknown_charset_is_read_leniently_instead_of_refusing_the_client():
    raw = b"From: anna@example.com\nSubject: x\nContent-Type: text/plain; charset=x-klingon\n\nF\xfcr 30 G\xe4ste\n"
    assert parse_mail(raw).text == "F\u00fcr 30 G\u00e4ste"


def test_nul_characters_never_reach_the_text():
    raw = b"From: anna@example.com\nSubject: x\n\nroom\x00for 30\n"
    assert parse_mail(raw).text == "roomfor 30"


def test_a_calendar_without_text_is_a_file_not_the_body():
    raw = b"From: anna@example.com\nSubject: x\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n"
    mail = parse_mail(raw)
    assert mail.text == "" and [item.filename for item in mail.attachments] == ["attachment-1.ics"]


def test_a_multipart_nested_deeper_than_twenty_levels_is_rejected():
    body = b"Content-Type: text/plain\n\nhi\n"
    for level in range(25):
        boundary = f"b{level}".encode()
        body = (b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\n\n--' + boundary + b"\n" + body
                + b"\n--" + boundary + b"--\n")
    with pytest.raises(MailRejected, match="more than 20 multipart levels"):
        parse_mail(b"From: anna@example.com\n" + body)


def test_a_mail_without_a_message_id_gets_a_stable_synthetic_one():
    raw = b"From: anna@example.com\nSubject: x\n\nHello\n"
    first, again = parse_mail(raw), parse_mail(raw)
    assert first.message_id == again.message_id
    assert first.message_id.endswith(f"@{SYNTHETIC_DOMAIN}>") and first.synthetic_id


def test_a_very_long_message_id_is_replaced_by_its_hash():
    raw = b"From: anna@example.com\nMessage-ID: <" + b"a" * 300 + b"@example.com>\n\nHello\n"
    mail = parse_mail(raw)
    assert len(mail.message_id) < 100 and mail.synthetic_id


def test_an_attached_mail_is_one_file_and_not_opened():
    inner = b"From: x@example.com\nSubject: old\n\nold text\n"
    message = EmailMessage()
    message["From"] = "anna@example.com"
    message.set_content("See the forwarded mail.")
    message.add_attachment(inner, maintype="message", subtype="rfc822", filename="old.eml")
    mail = parse_mail(message.as_bytes())
    assert mail.text == "See the forwarded mail."
    assert [item.content_type for item in mail.attachments] == ["message/rfc822"]


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty"),
    (b"   \r\n ", "empty"),
    (b"\x00\xff\xfe garbage without any header", "no"),
    (b"Subject: nobody sent this\n\ntext\n", "no sender"),
    (b"From: not an address\nSubject: x\n\ntext\n", "no sender"),
])
def test_garbage_is_rejected_with_a_reason(raw: bytes, reason: str):
    with pytest.raises(MailRejected, match=reason):
        parse_mail(raw)


def test_a_malformed_message_id_header_does_not_stop_the_mail_being_read():
    mail = parse_mail(b"From: anna@example.com\nMessage-ID: <<>> <@> nonsense\n\nA room for 30.\n")
    assert mail.text == "A room for 30."
    assert mail.message_id.endswith(f"@{SYNTHETIC_DOMAIN}>")


def test_raw_8bit_bytes_in_a_header_do_not_stop_the_mail_being_read():
    mail = parse_mail(b"From: J\xfcrg <juerg@example.ch>\nSubject: M\xe4rz\n\nA room for 30.\n")
    assert mail.sender == "juerg@example.ch" and mail.text == "A room for 30."
