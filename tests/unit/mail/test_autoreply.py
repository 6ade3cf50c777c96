"""Mail a machine wrote (auto-replies, out-of-office, bounces, lists) is recognised, so it is never answered.
"""

from __future__ import annotations

import pytest

from venuedesk.transports.mail.autoreply import auto_reply_reason
from venuedesk.transports.mail.inbound import parse_mail


def _mail(headers: str, sender: str = "anna@example.com", subject: str = "Workshop") -> bytes:
    return f"From: {sender}\nSubject: {subject}\n{headers}\n\nWe need a room for 30 people.\n".encode()


def test_a_person_s_mail_is_not_an_auto_reply():
    assert auto_reply_reason(parse_mail(_mail("Message-ID: <p@example.com>"))) is None


@pytest.mark.parametrize("header", ["Auto-Submitted: auto-replied", "Auto-Submitted: auto-generated",
                                    "Auto-Submitted: auto-notified; owner-email=x@example.com"])
def test_auto_submitted_other_than_no_is_an_auto_reply(header: str):
    assert "Auto-Submitted" in (auto_reply_reason(parse_mail(_mail(header))) or "")


def test_auto_submitted_no_is_a_person_s_mail():
    assert auto_reply_reason(parse_mail(_mail("Auto-Submitted: no"))) is None


@pytest.mark.parametrize("value", ["bulk", "junk", "list", "auto_reply"])
def test_a_bulk_precedence_is_an_auto_reply(value: str):
    assert auto_reply_reason(parse_mail(_mail(f"Precedence: {value}"))) == f"Precedence: {value}"


@pytest.mark.parametrize("header", ["X-Autoreply: yes", "X-Autorespond: Out of office"])
def test_autoreply_headers_mark_an_auto_reply(header: str):
    assert auto_reply_reason(parse_mail(_mail(header))) is not None


@pytest.mark.parametrize("header", ["List-Id: <events.lists.example.com>",
                                    "List-Unsubscribe: <mailto:leave@lists.example.com>"])
def test_mailing_list_mail_is_never_answered(header: str):
    assert "mailing list" in (auto_reply_reason(parse_mail(_mail(header))) or "")


def test_a_delivery_status_notification_is_a_bounce():
    raw = b"""From: Mail Delivery System <mailer-daemon@mx.example.com>
To: desk@venue.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

The mail could not be delivered.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
Final-Recipient: rfc822; nobody@example.com
Action: failed
Status: 5.1.1
--B--
"""
    assert auto_reply_reason(parse_mail(raw)) == \
        "delivery status notification (multipart/report; report-type=delivery-status)"


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@mx.example.com", "postmaster@example.com"])
def test_mail_from_a_mailer_daemon_or_postmaster_is_a_bounce(sender: str):
    assert "delivery status" in (auto_reply_reason(parse_mail(_mail("", sender=sender))) or "")


def test_an_empty_return_path_is_a_bounce():
    assert "Return-Path" in (auto_reply_reason(parse_mail(_mail("Return-Path: <>"))) or "")


@pytest.mark.parametrize("subject", ["Automatic reply: Workshop", "Out of Office: back on Monday",
                                     "Abwesenheitsnotiz: Anfrage", "Automatische Antwort: Ihre Anfrage",
                                     "AutoReply: Workshop"])
def test_an_out_of_office_subject_is_an_auto_reply(subject: str):
    assert auto_reply_reason(parse_mail(_mail("", subject=subject))) == "out-of-office subject"


def test_a_subject_that_only_mentions_the_office_is_a_person_s_mail():
    assert auto_reply_reason(parse_mail(_mail("", subject="Team offsite: out of office day in June"))) is None
